import Delivery
import Foundation
import GatewaySimulator
import Outbox
import OutboxSQLite
import Testing
@testable import Control

/// `test-send` end to end: a config file on disk with its secrets, the simulator on 127.0.0.1.
struct TestSendTests {
    static let password = "kannel-Pw-7f3e9"
    static let wecomKey = "wecom-key-55aa"
    static let number = "+8613800000001"

    /// Writes the config (pointing at `simulator`) and its secrets into a fresh folder.
    struct Setup {
        let folder: String
        let configPath: String

        init(simulator: GatewaySimulator) throws {
            folder = NSTemporaryDirectory() + "test-send-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder + "/secrets", withIntermediateDirectories: true)
            for (name, value) in ["kannel-password": TestSendTests.password, "wecom-key": TestSendTests.wecomKey] {
                let path = folder + "/secrets/" + name
                try Data(value.utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
            configPath = folder + "/broadcastd.conf"
            try Data("""
                schedule campaign.schedule
                state    state
                secrets  secrets
                gateway kannel-main
                    kind     kannel
                    url      \(simulator.url("/cgi-bin/sendsms"))
                    username broadcastd
                    password secret:kannel-password
                    from     96110
                    timeout  5s
                endpoint police-wecom
                    kind wecom
                    url  \(simulator.url("/wecom/police/send?key=secret:wecom-key"))
                """.utf8).write(to: URL(fileURLWithPath: configPath))
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        func send(_ target: TestSend.Target, text: String = "【江西公安】谨防电信诈骗") async throws -> TestSend.Outcome {
            try await TestSend(configPath: configPath, target: target, text: text, environment: [:]).run()
        }
    }

    /// A test to a number that opted out is sent (the operator asked for it), with a warning.
    @Test func anOptedOutNumberIsWarnedAbout() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        try FileManager.default.createDirectory(atPath: setup.folder + "/state", withIntermediateDirectories: true)
        let outbox = try SQLiteOutbox(stateDirectory: setup.folder + "/state", access: .daemon(now: 1_612_872_000))
        #expect(try await outbox.addOptOut(Self.number, source: OptOut.commandSource, now: 1_612_872_000))
        let optedOut = try await setup.send(.gateway("kannel-main", to: Self.number))
        let other = try await setup.send(.gateway("kannel-main", to: "+8613800000002"))
        await simulator.shutdown()

        #expect(optedOut.isDelivered)
        #expect(optedOut.warnings.count == 1)
        #expect(optedOut.warnings.first?.hasPrefix("+86138****0001 opted out (command)") == true)
        #expect(optedOut.warnings.allSatisfy { !$0.contains(Self.number) })
        #expect(other.warnings.isEmpty)
        // Both sends are in the record of controls, masked, newest first, with the warning.
        let records = try await outbox.controlRecords(limit: 10)
        #expect(records.map(\.command) == ["test-send", "test-send"])
        #expect(records.map(\.target) == ["gateway kannel-main to +86138****0002", "gateway kannel-main to +86138****0001"])
        #expect(records[1].outcome.hasPrefix("delivered (HTTP 202); +86138****0001 opted out (command)"), "\(records[1].outcome)")
        #expect(records.allSatisfy { !$0.target.contains(Self.number) && !$0.outcome.contains(Self.number) && $0.changed })
        #expect(optedOut.unrecorded == nil)
    }

    @Test func deliveredMessageReachesTheGatewayWithEveryField() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        let outcome = try await setup.send(.gateway("kannel-main", to: Self.number))
        await simulator.shutdown()

        #expect(outcome.isDelivered)
        #expect(outcome.status == 202)
        #expect(outcome.latency > 0)
        let request = try #require(simulator.log.requests.first)
        #expect(simulator.log.requestCount == 1)
        #expect(request.method == "GET")
        #expect(request.path == "/cgi-bin/sendsms")
        let query = try #require(request.query.map(String.init))
        let fields = Dictionary(uniqueKeysWithValues: query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
        })
        #expect(fields["username"] == "broadcastd")
        #expect(fields["password"] == Self.password)
        #expect(fields["from"] == "96110")
        #expect(fields["to"] == Self.number)
        #expect(fields["text"] == "【江西公安】谨防电信诈骗")
        #expect(fields["coding"] == "2")
    }

    @Test func reportMasksTheNumberAndShowsNoSecret() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        let sms = try await setup.send(.gateway("kannel-main", to: Self.number))
        let webhook = try await setup.send(.endpoint("police-wecom"))
        await simulator.shutdown()

        #expect(sms.report.contains("gateway kannel-main to +86138****0001"))
        #expect(sms.report.contains("verdict     delivered"))
        #expect(webhook.isDelivered)
        #expect(simulator.log.requests.last?.uri == "/wecom/police/send?key=\(Self.wecomKey)")
        for report in [sms.report, webhook.report] {
            #expect(!report.contains(Self.number))
            #expect(!report.contains(Self.password))
            #expect(!report.contains(Self.wecomKey))
        }
    }

    @Test func scripted503IsNotDeliveredAndSaysWhy() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        simulator.script([.status(503, body: "busy")], for: "/cgi-bin/sendsms")
        let outcome = try await setup.send(.gateway("kannel-main", to: Self.number))
        await simulator.shutdown()

        #expect(!outcome.isDelivered)
        #expect(outcome.verdict.reason == "http 503")
        #expect(outcome.status == 503)
        #expect(outcome.report.contains("verdict     retry"))
        #expect(outcome.report.contains("reason      http 503"))
        #expect(simulator.log.requestCount == 1, "one attempt, no retry")
    }

    @Test func refusedConnectionIsARetryWithoutStatus() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        await simulator.shutdown()
        let outcome = try await setup.send(.gateway("kannel-main", to: Self.number))
        #expect(!outcome.isDelivered)
        #expect(outcome.status == nil)
        #expect(outcome.verdict.reason == "connection refused")
    }

    @Test func unknownGatewayListsTheConfiguredOnes() async throws {
        let simulator = try await GatewaySimulator.start()
        let setup = try Setup(simulator: simulator)
        defer { setup.remove() }
        await simulator.shutdown()
        let error = await #expect(throws: TestSend.Failure.self) {
            try await setup.send(.gateway("kannel-mian", to: Self.number))
        }
        #expect(error?.description == "the config has no gateway 'kannel-mian'; it has kannel-main")
    }

    @Test(arguments: [
        (["--config", "c", "--gateway", "g"], "--gateway needs --to"),
        (["--config", "c", "--endpoint", "e", "--to", "+861"], "--to goes with --gateway"),
        (["--config", "c"], "name either --gateway"),
        (["--config", "c", "--gateway", "g", "--to", "1", "--endpoint", "e"], "name either --gateway"),
    ])
    func argumentsNameExactlyOneDestination(arguments: [String], message: String) {
        #expect {
            _ = try TestSendCommand.parse(arguments)
        } throws: { error in
            TestSendCommand.message(for: error).contains(message)
        }
    }
}
