@testable import Daemon
import Delivery
import Foundation
import GatewaySimulator
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The report and metrics listeners moved by a real SIGHUP in the real daemon,
/// without a restart: a port in use refuses the reload and the old listener
/// keeps answering; a free one takes over and the old address is closed; a new
/// reports token answers on a listener that stays where it is.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
       .timeLimit(.minutes(2)))
struct ListenerReloadProcessTests {
    static let token = "chunfeng-reports-0123456789"

    @Test func aReloadMovesTheListenersAndAPortInUseChangesNothing() async throws {
        let reports = try FreePort.pick(), metrics = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 3, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "reports 127.0.0.1:\(reports)\nreports-token \(Self.token)\n"
                                                 + "metrics 127.0.0.1:\(metrics)")
        defer { Task { await daemon.stop() } }
        // An hour before the broadcast: nothing is sent while the listeners move.
        try daemon.start(pretendNow: "2021-03-01T09:00:00+08:00")
        #expect(try await Self.get(metrics, "/metrics") == 200)

        // A port some other process holds: the whole reload is refused.
        let taken = try FreePort.pick()
        // Bound, never served: it only holds the port.
        let squatter = try await ReportService.bind(host: "127.0.0.1", port: taken, logger: Logger(label: "squatter")) { _ in
            .init(status: 418, body: "not broadcastd")
        }
        try daemon.editConfig {
            $0.replacingOccurrences(of: "metrics 127.0.0.1:\(metrics)", with: "metrics 127.0.0.1:\(taken)")
        }
        daemon.signal(SIGHUP)
        let failed = try #require(try daemon.waitForNotification(containing: "reload failed"))
        #expect(failed.contains("cannot serve metrics on http://127.0.0.1:\(taken)"), "\(failed)")
        #expect(try await Self.get(metrics, "/metrics") == 200, "the old listener keeps answering")
        await squatter.close()

        // Free ports and a new token: both move, the old addresses close.
        let newReports = try FreePort.pick(), newMetrics = try FreePort.pick()
        let newToken = "chunfeng-reports-rotated-9876543210"
        try daemon.editConfig {
            $0.replacingOccurrences(of: "metrics 127.0.0.1:\(taken)", with: "metrics 127.0.0.1:\(newMetrics)")
                .replacingOccurrences(of: "reports 127.0.0.1:\(reports)", with: "reports 127.0.0.1:\(newReports)")
                .replacingOccurrences(of: "reports-token \(Self.token)", with: "reports-token \(newToken)")
        }
        daemon.signal(SIGHUP)
        let reloaded = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(reloaded.contains("reports, reports-token, metrics changed"), "\(reloaded)")
        #expect(!reloaded.contains("restart"), "\(reloaded)")
        #expect(!reloaded.contains(newToken) && !daemon.log.contains(newToken), "the token is never shown")
        #expect(try await Self.get(newMetrics, "/metrics") == 200)
        await #expect(throws: (any Error).self, "the old metrics address is closed") { try await Self.get(metrics, "/metrics") }
        await #expect(throws: (any Error).self, "the old reports address is closed") { try await Self.get(reports, "/") }
        #expect(try await Self.optOut(daemon.recipients[0], port: newReports, token: newToken) == 200)
        #expect(try await Self.optOut(daemon.recipients[1], port: newReports, token: Self.token) == 404,
                "the old token no longer answers")
        #expect(daemon.log.contains("metrics listener ready"))

        // Only the reports token changes: same socket, new answers.
        let thirdToken = "chunfeng-reports-third-5555555555"
        try daemon.editConfig { $0.replacingOccurrences(of: "reports-token \(newToken)", with: "reports-token \(thirdToken)") }
        daemon.signal(SIGHUP)
        let again = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(again.contains("reports-token changed"), "\(again)")
        #expect(try await Self.optOut(daemon.recipients[1], port: newReports, token: thirdToken) == 200)
        #expect(try await Self.optOut(daemon.recipients[2], port: newReports, token: newToken) == 404)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0, "\(daemon.log.suffix(2000))")
    }

    static func get(_ port: Int, _ path: String) async throws -> Int {
        let transport = HTTPTransport()
        defer { Task { await transport.shutdown() } }
        return try await transport.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)\(path)"),
                                        timeout: .seconds(10)).status
    }

    /// A keyword reply as a gateway posts it: 200 when the listener took it.
    static func optOut(_ number: String, port: Int, token: String) async throws -> Int {
        let transport = HTTPTransport()
        defer { Task { await transport.shutdown() } }
        let reply = HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/\(token)/http/mo",
                                headers: [("Content-Type", "application/json")],
                                body: Array(#"{"from":"\#(number)","text":"退订"}"#.utf8))
        return try await transport.send(reply, timeout: .seconds(10)).status
    }
}
