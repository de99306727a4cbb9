import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon, real signals, a real outbox file and real HTTP to a loopback
/// gateway. Serialized: each test runs a daemon and a sink on the machine's two cores.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct DaemonProcessTests {
    /// One SMS broadcast at 2021-03-01 10:00 (Asia/Shanghai) to every number in the list.
    static func schedule(extraMessages: String = "", campaignLines: String = "") -> String {
        """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway sim
            signature   【演练】
        \(campaignLines)
        region test 测试区
            sms recipients.txt

        message broadcast
            at   2021-03-01 10:00
            to   test
            via  sms
            text 反诈演练：接到96110来电请务必接听。
        \(extraMessages)
        """
    }

    @Test func sigkillThreeTimesMidBroadcastLosesNothingAndDuplicatesOnlyWhatWasInFlight() async throws {
        let concurrency = 16
        // 200/s: the broadcast lasts about 15 s, longer than three kills take even on a busy machine.
        let daemon = try await DaemonHarness(recipients: 3000, schedule: Self.schedule(),
                                             gateway: "rate 200/s burst 20\nconcurrency \(concurrency)\ntimeout 5s")
        defer { Task { await daemon.stop() } }

        for round in 1...3 {
            // Mid-broadcast: a few hundred more sent, never all of them.
            let target = min(daemon.simulator.log.requestCount + 300, daemon.recipients.count - 1)
            #expect(try await daemon.runUntilKilled(afterRequests: target, pretendNow: "2021-03-01T09:59:59+08:00"),
                    "round \(round) stalled")
        }
        #expect(try await daemon.finish(pretendNow: "2021-03-01T09:59:59+08:00") == 0, "\(daemon.log.suffix(3000))")

        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients))
        // Each kill can cost at most the transfers that were in flight then and what its leases ahead started.
        #expect(daemon.extraCopies <= 3 * DaemonHarness.copiesAKillMayCost(concurrency: concurrency, perSecond: 200),
                "\(daemon.extraCopies) duplicates")
        let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
        #expect(counts.reduce(0) { $0 + $1.delivered } == 3000)
        #expect(counts.reduce(0) { $0 + $1.inFlight } == 0)
    }

    @Test func aBrokenReloadKeepsTheRunningScheduleAndAFixedOneApplies() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: Self.schedule(), gateway: "rate 100/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")

        try daemon.writeSchedule(Self.schedule() + "\nmessage broken\n    at 2021-03-01 25:00\n")
        daemon.signal(SIGHUP)
        let failed = try #require(try daemon.waitForNotification(containing: "reload failed"))
        #expect(failed.contains("campaign.schedule:"))
        let status = try daemon.statusJSON()
        let lastReload = try #require((status["daemon"] as? [String: Any])?["lastReload"] as? [String: Any])
        #expect(lastReload["succeeded"] as? Bool == false)
        #expect((lastReload["error"] as? String)?.contains("campaign.schedule:") == true)

        // The schedule it kept still sends at 10:00.
        #expect(await daemon.simulator.log.waitForRequests(5, timeout: .seconds(30)) != nil)

        try daemon.writeSchedule(Self.schedule(extraMessages: """
        message follow-up
            at   2021-03-01 10:00
            to   test
            via  sms
            text 第二条：公检法不会要求转账。
        """))
        daemon.signal(SIGHUP)
        #expect(try daemon.waitForNotification(containing: "reloaded: ") != nil)
        #expect(await daemon.simulator.log.waitForRequests(10, timeout: .seconds(30)) != nil)
        #expect(try daemon.outbox().daemonRecord()?.lastReloadSucceeded == true)
    }

    @Test func aGatewayAnswering503RecoversAndEverythingIsDeliveredWithinTheRate() async throws {
        let daemon = try await DaemonHarness(recipients: 60, schedule: Self.schedule(), gateway: "rate 20/s burst 5\nconcurrency 4")
        defer { Task { await daemon.stop() } }
        daemon.simulator.script(Array(repeating: .status(503, headers: ["Retry-After": "1"], body: "busy"), count: 40),
                                for: "/cgi-bin/sendsms")
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        // Each of the first 40 answers is a 503, so each costs exactly one retry.
        #expect(await daemon.simulator.log.waitForRequests(100, timeout: .seconds(90)) != nil, "\(daemon.log.suffix(2000))")

        let times = daemon.simulator.log.requests.map(\.receivedAt).sorted()
        // Never more in any one-second window than the rate plus the burst.
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 < start + 1 }.count
            #expect(inWindow <= 25, "\(inWindow) requests in one second")
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
        #expect(counts.reduce(0) { $0 + $1.delivered } == 60)
        #expect(counts.reduce(0) { $0 + $1.dead } == 0)
    }

    @Test func sigtermExitsWithinTheGraceAndHoldsNoLease() async throws {
        let daemon = try await DaemonHarness(recipients: 400, schedule: Self.schedule(), gateway: "rate 50/s\nconcurrency 8")
        defer { Task { await daemon.stop() } }
        // Slow answers keep transfers in flight when the signal comes.
        daemon.simulator.script(Array(repeating: .slowBody("0: Accepted for delivery", chunkDelayMilliseconds: 200), count: 400),
                                for: "/cgi-bin/sendsms")
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(20, timeout: .seconds(30)) != nil)
        // The pretended clock is said once at start, with the offset benchmarks map due times by.
        #expect(daemon.log.contains("pretending the time now=2021-03-01T01:59:59Z offset=-"), "\(daemon.log.prefix(2000))")
        let signalled = Date()
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        // shutdown-grace is 5 s in the harness config.
        #expect(Date().timeIntervalSince(signalled) < 10)
        let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
        #expect(counts.reduce(0) { $0 + $1.inFlight } == 0)
        #expect(counts.reduce(0) { $0 + $1.delivered } < 400)

        // Started again within the catch-up window: it goes on where it stopped, and the
        // running broadcast is not announced as due a second time.
        let before = daemon.simulator.log.requestCount
        try daemon.start(pretendNow: "2021-03-01T10:00:05+08:00")
        #expect(await daemon.simulator.log.waitForRequests(before + 10, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.components(separatedBy: "occurrence due").count - 1 == 1, "\(daemon.log.suffix(3000))")
    }

    @Test func numbersInTheOptOutFileAreSkippedNotSent() async throws {
        let daemon = try await DaemonHarness(recipients: 6, schedule: Self.schedule(campaignLines: "    optout      optout.txt\n"),
                                             gateway: "rate 100/s")
        defer { Task { await daemon.stop() } }
        // Written as an operator would: local form and separators; the daemon compares E.164.
        let optedOut = Array(daemon.recipients.prefix(2))
        try optedOut.map { "0086 " + $0.dropFirst(3) }.joined(separator: "\n")
            .write(to: daemon.directory.appendingPathComponent("optout.txt"), atomically: true, encoding: .utf8)
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(4, timeout: .seconds(30)) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)

        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients.dropFirst(2)))
        let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
        #expect(counts.reduce(0) { $0 + $1.skipped } == 2)
        #expect(counts.reduce(0) { $0 + $1.delivered } == 4)
    }
}
