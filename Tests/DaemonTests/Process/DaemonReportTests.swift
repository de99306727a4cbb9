import Delivery
import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon with `reports` on: a keyword reply posted to its listener
/// opts the sender out, and the broadcast that follows skips that number.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
       .timeLimit(.minutes(1)))
struct DaemonReportTests {
    static let token = "chunfeng-reports-0123456789"

    @Test func aReplyOfTuidingBeforeTheBroadcastSkipsThatNumber() async throws {
        let port = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 3, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "reports 127.0.0.1:\(port)\nreports-token \(Self.token)")
        defer { Task { await daemon.stop() } }
        // Ten seconds before the 10:00 broadcast: time for the reply to land first.
        try daemon.start(pretendNow: "2021-03-01T09:59:50+08:00")
        let unsubscriber = daemon.recipients[1]

        let transport = HTTPTransport()
        let reply = HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/\(Self.token)/http/mo",
                                headers: [("Content-Type", "application/json")],
                                body: Array(#"{"from":"\#(unsubscriber)","text":"退订"}"#.utf8))
        let response = try await transport.send(reply, timeout: .seconds(20))
        await transport.shutdown()
        #expect(response.status == 200, "\(daemon.log.suffix(2000))")
        #expect(try daemon.outbox().optOut(unsubscriber)?.source == "reply")

        let others = daemon.recipients.filter { $0 != unsubscriber }
        #expect(await daemon.simulator.log.waitForRequests(others.count, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")
        let skipped = try daemon.outbox().log(LogQuery(outcome: .skipped))
        #expect(skipped.map(\.key.recipient) == [unsubscriber])
        #expect(skipped.map(\.reason) == ["opted out"])
        #expect(Set(daemon.receivedNumbers) == Set(others))
        #expect(!daemon.log.contains(unsubscriber), "the daemon's log shows the number unmasked")
        #expect(!daemon.log.contains(Self.token), "the daemon's log shows the reports token")

        // The listener is one more service of the group: SIGTERM still ends the daemon cleanly.
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0, "\(daemon.log.suffix(2000))")
    }
}
