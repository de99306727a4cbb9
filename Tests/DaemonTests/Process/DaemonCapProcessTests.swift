import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon enforcing `cap sms 1 per day` across two messages due at the
/// same time to the same list: each person gets one SMS, the other is skipped
/// as capped and `broadcastctl status --json` says so.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct DaemonCapProcessTests {
    @Test func twoMessagesOnOneDayReachEachPersonOnce() async throws {
        let schedule = DaemonProcessTests.schedule(extraMessages: """
            message follow-up
                at   2021-03-01 10:00
                to   test
                via  sms
                text 第二条：公检法不会要求转账。
            """, campaignLines: "    cap         sms 1 per day\n")
        let daemon = try await DaemonHarness(recipients: 6, schedule: schedule, gateway: "rate 100/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(6, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")
        try await waitForSkips(6, in: daemon, timeout: 30)

        let status = try daemon.statusJSON()
        let broadcasts = try #require(status["broadcasts"] as? [[String: Any]])
        #expect(broadcasts.count == 2)
        let skipped = broadcasts.compactMap { ($0["counts"] as? [String: Int])?["skipped"] }.reduce(0, +)
        let delivered = broadcasts.compactMap { ($0["counts"] as? [String: Int])?["delivered"] }.reduce(0, +)
        let capped = broadcasts.flatMap { $0["closed"] as? [[String: Any]] ?? [] }
            .filter { $0["reason"] as? String == "capped" }.compactMap { $0["count"] as? Int }.reduce(0, +)
        #expect(skipped == 6 && capped == 6 && delivered == 6)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        let received = daemon.receivedNumbers
        #expect(received.count == 6)
        #expect(Set(received) == Set(daemon.recipients))
    }

    /// Polls the outbox (another process writes it) until `count` deliveries are skipped.
    private func waitForSkips(_ count: Int64, in daemon: DaemonHarness, timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
            if counts.reduce(0, { $0 + $1.skipped }) >= count && counts.reduce(0, { $0 + $1.delivered }) >= count { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("fewer than \(count) skipped after \(timeout) s\n\(daemon.log.suffix(2000))")
    }
}
