import Testing
@testable import Outbox
@testable import OutboxSQLite

/// The SQLite connection's reload-side controls (open messages from an
/// instant, text updates, skips); pauses, cancels and retries are the
/// conformance suite's (ControlConformanceTests).
struct ControlTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms(message: "launch"), Sample.sms(message: "reminder")], now: 0)
    }

    @Test func aReloadCancelsOnlyTheFutureOfARemovedMessage() throws {
        try outbox.enqueue([Sample.sms(message: "launch", occurrence: now + 86_400)], now: 0)
        #expect(try outbox.messagesWithOpenBroadcasts(campaign: Sample.campaign, occurringFrom: now + 1) == ["launch"])
        let change = try outbox.cancel(BroadcastFilter(campaign: Sample.campaign, message: "launch", occurringFrom: now + 1), reason: SkipReason.cancelledByPlanner.rawValue)
        #expect(change == ControlChange(broadcasts: 1, deliveries: 3))
        #expect(try outbox.messagesWithOpenBroadcasts(campaign: Sample.campaign, occurringFrom: now + 1).isEmpty)
        #expect(try outbox.broadcastStatuses(BroadcastFilter(message: "launch", occurrence: now)).first?.counts.pending == 3)
    }

    @Test func changedTextReachesOnlyWhatIsNotSentYet() throws {
        let before = try outbox.leaseDue(now: now, limit: 1, owner: "d", leaseSeconds: 30, channel: nil)
        #expect(try outbox.updateText(BroadcastFilter(message: before[0].key.message), to: "new text") == 1)
        #expect(try outbox.updateText(BroadcastFilter(message: before[0].key.message), to: "new text") == 0)
        let after = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30)
            .filter { $0.key.message == before[0].key.message }
        #expect(after.count == 2 && after.allSatisfy { $0.text == "new text" })
    }

    @Test func missedBroadcastsAreSkippedWithTheReasonAndRunningOnesGoOn() throws {
        try outbox.enqueue([Sample.sms(message: "later", occurrence: now + 7200)], now: 0)
        let running = try #require(try outbox.leaseDue(now: now, limit: 1, owner: "d", leaseSeconds: 30).first)
        #expect(try outbox.broadcastStatuses(BroadcastFilter(message: running.key.message)).first?.startedAt == now)
        let change = try outbox.skip(BroadcastFilter(dueBefore: now + 1, started: false), reason: .missedWhileDown)
        #expect(change == ControlChange(broadcasts: 1, deliveries: 3))
        let skipped = try outbox.broadcastStatuses().filter { $0.state == .skipped }
        #expect(skipped.count == 1 && skipped.allSatisfy { $0.reason == "missed while down" && $0.counts.skipped == 3 })
        #expect(skipped.first?.key.message != running.key.message)
        #expect(try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30).count == 2)
        #expect(try outbox.nextDueTime() == now + 7200)
    }
}
