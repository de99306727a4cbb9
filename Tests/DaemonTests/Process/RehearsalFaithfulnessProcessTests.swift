import Foundation
import Loading
import Outbox
import Rehearsal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `broadcastctl rehearse`'s model against the real daemon on a scaled-down
/// scenario: 1,600 people at 20/s from 23:59, a one-minute quiet window at
/// midnight, and a capped follow-up at 00:01 the "next day". The daemon runs
/// it with `--pretend-now`; the rehearsal must have predicted each finish
/// within a few seconds and the capped count exactly.
///
/// The gateway has a burst of 20: with a burst of 1 the real loop loses the
/// few milliseconds of each turn for good (about a second over 1,200 sends on
/// a loaded machine, 21 more people capped), which the rehearsal's
/// instantaneous turns do not model; a burst absorbs them as it does in production.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct RehearsalFaithfulnessProcessTests {
    static let schedule = """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway sim
            quiet       00:00-00:01 for sms
            cap         sms 1 per day

        region test 测试区
            sms recipients.txt

        message launch
            at   2021-03-01 23:59
            to   test
            via  sms
            text 反诈演练：接到96110来电请务必接听。

        message follow-up
            at   2021-03-02 00:01
            to   test
            via  sms
            text 第二条：公检法不会要求转账。
        """

    @Test func theRehearsalPredictsEachFinishWithinSecondsAndTheCappedCountExactly() async throws {
        let daemon = try await DaemonHarness(recipients: 1600, schedule: Self.schedule, gateway: "rate 20/s burst 20\nconcurrency 16")
        defer { Task { await daemon.stop() } }

        // The rehearsal, from the very files the daemon runs.
        let config = DaemonConfigCheck.load(path: daemon.directory.appendingPathComponent("broadcastd.conf").path)
        let configuration = try #require(config.configuration, "\(config.rendered())")
        let load = CampaignLoader.load(schedulePaths: try configuration.scheduleFiles(), configuration: configuration)
        let rehearsal = Rehearsal.run(load.campaigns, destinations: try DestinationFactory.makeAll(configuration: configuration),
                                      options: Rehearsal.Options(latency: 0.01))
        let launch = try #require(rehearsal.rows.first { $0.message == "launch" })
        let followUp = try #require(rehearsal.rows.first { $0.message == "follow-up" })
        // By hand: the burst of 20 at 23:59:00 and one every 50 ms to 23:59:59.95 make 1,219 sends
        // before midnight; 381 after the quiet minute, which the follow-up then skips as capped.
        #expect(launch.sent == 1600 && launch.quietPausedSeconds == 60)
        #expect(followUp.capped == 381 && followUp.sent == 1219)

        try daemon.start(pretendNow: "2021-03-01T23:58:50+08:00")
        let outbox = try daemon.outbox()
        let deadline = Date().addingTimeInterval(300)
        var finished = false
        while Date() < deadline && !finished {
            let counts = try outbox.broadcastStatuses().map(\.counts)
            finished = counts.count == 2 && counts.reduce(0, { $0 + $1.delivered + $1.skipped }) == 3200
            if !finished { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(finished, "the daemon did not finish within 300 s\n\(daemon.log.suffix(2000))")

        for row in [launch, followUp] {
            let entries = try outbox.log(LogQuery(campaign: "drill", message: row.message, outcome: .delivered, limit: 10_000))
            let lastDelivered = try #require(entries.map(\.at).max())
            let predicted = try #require(row.lastSend)
            #expect(abs(lastDelivered - predicted) <= 3,
                    "\(row.message): the daemon's last delivery at \(lastDelivered), predicted \(predicted)")
            let statuses = try outbox.broadcastStatuses().filter { $0.key.message == row.message }
            #expect(statuses.reduce(0) { $0 + $1.counts.skipped } == Int64(row.capped), "\(row.message): capped")
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
    }
}
