import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon sending to a gateway behind TLS with a certificate from a
/// private CA (nginx before the simulator): the gateway's `ca-file` is what the
/// daemon trusts, exactly as `broadcastctl test-send` does.
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary) && TLSFront.isAvailable))
struct DaemonTLSProcessTests {
    @Test func aGatewayOnAPrivateCAReceivesEveryMessageThroughItsCAFile() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 100/s\nca-file private-ca.pem", tls: .valid)
        try await stopping(daemon) {
            try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
            try await daemon.waitUntilEveryoneReached(timeout: 30)
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(seconds: 15) == 0)
            let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
            #expect(counts.reduce(0) { $0 + $1.delivered } == 5, "\(daemon.log.suffix(2000))")
        }
    }

    /// Without `ca-file` the handshake fails; the daemon's log says why (curl's
    /// detail) and what to do (`ca-file`), once, and nothing reaches the gateway.
    @Test func withoutItsCAFileTheLogNamesTheProblemAndTheFix() async throws {
        let daemon = try await DaemonHarness(recipients: 3, schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 100/s\nretry 2 attempts", tls: .valid)
        try await stopping(daemon) {
            try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
            let deadline = Date().addingTimeInterval(30)
            while !daemon.log.contains("gateway 'sim': tls:"), Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))  // polling the log file, bounded by the deadline
            }
            let log = daemon.log
            let line = try #require(log.split(separator: "\n").first { $0.contains("gateway 'sim': tls:") }, "\(log.suffix(2000))")
            #expect(line.contains("certificate"), "\(line)")
            #expect(line.contains("set 'ca-file'"), "\(line)")
            #expect(log.components(separatedBy: "gateway 'sim': tls:").count == 2, "logged once")
            #expect(daemon.simulator.log.requestCount == 0)
        }
    }

    /// Stops the daemon, its simulator and its nginx before the test ends, whether
    /// `body` passes or throws: a `defer { Task { … } }` may not run before the test process exits.
    private func stopping(_ daemon: DaemonHarness, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
