@testable import Daemon
import DispatchRules
import Outbox
import Testing

/// What the daemon logs from the outbox's snapshots: a broadcast finishing with
/// its counts, an operator's pause, resume and cancel; nothing twice, and
/// nothing from before a restart.
struct BroadcastWatchTests {
    static func snapshot(delivered: Int64, pending: Int64 = 0, dead: Int64 = 0, state: DeliveryState = .pending,
                         reason: String? = nil, pauses: [Pause] = []) -> OutboxSnapshot {
        var counts = StateCounts()
        counts.delivered = delivered
        counts.pending = pending
        counts.dead = dead
        if state == .cancelled { counts.cancelled = 3 }
        let part = BroadcastStatus(id: 1, key: .init(campaign: "drill", message: "launch", occurrence: 1_614_564_000,
                                                     region: "r", channel: "sms", audience: "list"),
                                   destination: "sim", dueAt: 1_614_564_000, startedAt: 1_614_564_000, state: state,
                                   reason: reason, paused: false, total: delivered + pending + dead + counts.cancelled,
                                   cursor: 0, duplicates: 0, counts: counts)
        return OutboxSnapshot(now: 1_614_564_100, daemon: nil, recentAttempts: [],
                              due: [OccurrenceSnapshot(status: OccurrenceStatus(campaign: "drill", message: "launch",
                                                                                occurrence: 1_614_564_000, dueAt: 1_614_564_000,
                                                                                parts: [part]), closed: [])],
                              upcoming: [], destinations: [], destinationCounts: [], pauses: pauses, recentFailures: [], held: [])
    }

    @Test func aBroadcastThatFinishesIsOneLineWithItsCounts() {
        var watch = BroadcastWatch()
        #expect(watch.observe(Self.snapshot(delivered: 2, pending: 8)).isEmpty)
        #expect(watch.observe(Self.snapshot(delivered: 5, pending: 5)).isEmpty)
        let lines = watch.observe(Self.snapshot(delivered: 9, dead: 1))
        #expect(lines.map(\.message) == ["broadcast finished: drill/launch: 9 delivered, 1 dead "
                                         + "(broadcastctl log --state dead; retry brings them back)"])
        #expect(lines.first?.level == .warning)
        #expect(lines.first?.metadata["delivered"] == "9" && lines.first?.metadata["dead"] == "1")
        #expect(watch.observe(Self.snapshot(delivered: 9, dead: 1)).isEmpty, "said once")
    }

    @Test func aBroadcastThatStartsAndFinishesBetweenTwoLooksIsAnnounced() {
        var watch = BroadcastWatch()
        let before = OutboxSnapshot(now: 0, daemon: nil, recentAttempts: [], due: [], upcoming: [], destinations: [],
                                    destinationCounts: [], pauses: [], recentFailures: [], held: [])
        #expect(watch.observe(before).isEmpty)
        #expect(watch.observe(Self.snapshot(delivered: 10)).map(\.message) == ["broadcast finished: drill/launch: 10 delivered"])
    }

    @Test func whatFinishedBeforeARestartIsNotAnnouncedAgain() {
        var watch = BroadcastWatch()
        #expect(watch.observe(Self.snapshot(delivered: 10)).isEmpty)
        #expect(watch.observe(Self.snapshot(delivered: 10)).isEmpty)
    }

    @Test func anOperatorsPauseResumeAndCancelAreSeen() {
        var watch = BroadcastWatch()
        _ = watch.observe(Self.snapshot(delivered: 1, pending: 9))
        let paused = watch.observe(Self.snapshot(delivered: 1, pending: 9, pauses: [Pause(campaign: "drill", message: "launch")]))
        #expect(paused.map(\.message) == ["paused by an operator: drill/launch; nothing more of it is sent"])
        let resumed = watch.observe(Self.snapshot(delivered: 2, pending: 8))
        #expect(resumed.map(\.message) == ["resumed by an operator: drill/launch"])
        let cancelled = watch.observe(Self.snapshot(delivered: 2, state: .cancelled, reason: "cancelled by operator"))
        #expect(cancelled.map(\.message) == ["broadcast cancelled: drill/launch", "broadcast finished: drill/launch: 2 delivered"]
                || cancelled.map(\.message) == ["broadcast finished: drill/launch: 2 delivered", "broadcast cancelled: drill/launch"],
                "\(cancelled)")
        #expect(cancelled.contains { $0.metadata["reason"] == "cancelled by operator" })
        #expect(watch.observe(Self.snapshot(delivered: 2, state: .cancelled, reason: "cancelled by operator")).isEmpty)
    }

    /// `broadcastctl retry` moves dead deliveries back to pending: the dead count going down is how the daemon sees it.
    @Test func anOperatorsRetryOfDeadDeliveriesIsSeen() {
        var watch = BroadcastWatch()
        _ = watch.observe(Self.snapshot(delivered: 7, dead: 3))
        let retried = watch.observe(Self.snapshot(delivered: 7, pending: 3))
        #expect(retried.map(\.message) == ["retried by an operator: drill/launch: 3 dead deliveries are due again"])
        #expect(watch.observe(Self.snapshot(delivered: 8, pending: 2)).isEmpty, "said once")
        #expect(watch.observe(Self.snapshot(delivered: 9, dead: 1)).map(\.message)
                    == ["broadcast finished: drill/launch: 9 delivered, 1 dead (broadcastctl log --state dead; retry brings them back)"])
    }
}
