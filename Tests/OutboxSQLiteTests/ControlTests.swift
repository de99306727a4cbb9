import Testing
@testable import Outbox
@testable import OutboxSQLite

struct ControlTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms(message: "launch"), Sample.sms(message: "reminder")], now: 0)
    }

    private func leasedMessages() throws -> Set<String> {
        Set(try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30).map(\.key.message))
    }

    @Test func aPausedMessageIsNotLeasedUntilResumed() throws {
        #expect(try outbox.pause(campaign: Sample.campaign, message: "launch", now: now))
        #expect(try !outbox.pause(campaign: Sample.campaign, message: "launch", now: now))
        #expect(try leasedMessages() == ["reminder"])
        #expect(try outbox.broadcastStatuses(BroadcastFilter(message: "launch")).first?.paused == true)
        #expect(try outbox.resume(campaign: Sample.campaign, message: "launch"))
        #expect(try leasedMessages() == ["launch"])
        #expect(try !outbox.resume(campaign: Sample.campaign, message: "launch"))
    }

    @Test func aPausedCampaignCoversBroadcastsEnqueuedLater() throws {
        try outbox.pause(campaign: Sample.campaign, now: now)
        try outbox.enqueue([Sample.webhook()], now: now)
        #expect(try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30).isEmpty)
        #expect(try outbox.nextDueTime() == nil)
        // Resuming one message does not lift the campaign's pause.
        #expect(try !outbox.resume(campaign: Sample.campaign, message: "launch"))
        #expect(try outbox.pauses().map(\.message) == [nil])
        try outbox.resume(campaign: Sample.campaign)
        #expect(try leasedMessages() == ["launch", "reminder"])
    }

    @Test func cancelStopsWhatIsNotSentAndLeavesTheRest() throws {
        let leased = try outbox.leaseDue(now: now, limit: 1, owner: "d", leaseSeconds: 30, channel: nil)
        let change = try outbox.cancel(BroadcastFilter(campaign: Sample.campaign), reason: "cancelled by operator")
        #expect(change.broadcasts == 2)
        #expect(change.deliveries == 5)
        #expect(try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30).isEmpty)
        // The in-flight one finishes; a retry it asks for becomes a cancellation.
        try outbox.record([Outcome(delivery: leased[0].id, result: .retry(at: now + 5, reason: "http 503"), at: now)], owner: "d")
        let counts = try outbox.broadcastStatuses().reduce(StateCounts()) { $0 + $1.counts }
        #expect(counts.cancelled == 6)
        #expect(try outbox.cancel(.all, reason: "again").isEmpty)
    }

    @Test func cancelOfAListedBroadcastCountsItsUnreadRecipients() throws {
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 100)], now: 0)
        _ = try outbox.leaseDue(now: now, limit: 40, owner: "d", leaseSeconds: 30, channel: nil, source: SyntheticSource(count: 100))
        try outbox.cancel(BroadcastFilter(region: "jiangxi"), reason: "removed")
        let status = try #require(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi")))
        #expect(status.state == .cancelled)
        #expect(status.counts.total == 100)
        #expect(status.counts.cancelled + status.counts.inFlight == 100)
    }

    @Test func aReloadCancelsOnlyTheFutureOfARemovedMessage() throws {
        try outbox.enqueue([Sample.sms(message: "launch", occurrence: now + 86_400)], now: 0)
        #expect(try outbox.messagesWithOpenBroadcasts(campaign: Sample.campaign, occurringFrom: now + 1) == ["launch"])
        let change = try outbox.cancel(BroadcastFilter(campaign: Sample.campaign, message: "launch", occurringFrom: now + 1), reason: SkipReason.cancelledByPlanner.rawValue)
        #expect(change == ControlChange(broadcasts: 1, deliveries: 3))
        #expect(try outbox.messagesWithOpenBroadcasts(campaign: Sample.campaign, occurringFrom: now + 1).isEmpty)
        #expect(try outbox.broadcastStatuses(BroadcastFilter(message: "launch", occurrence: now)).first?.counts.pending == 3)
    }

    @Test func retryBringsBackOnlyTheDeadItIsAskedFor() throws {
        let leases = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30)
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .dead(reason: "http 401"), at: now) }, owner: "d")
        #expect(try outbox.retryDead(BroadcastFilter(message: "reminder", channel: "webhook"), now: now) == 0)
        #expect(try outbox.retryDead(BroadcastFilter(message: "reminder", region: "nanchang", channel: "sms"), now: now + 10) == 3)
        let again = try outbox.leaseDue(now: now + 10, limit: 100, owner: "d", leaseSeconds: 30)
        #expect(again.count == 3 && again.allSatisfy { $0.key.message == "reminder" && $0.attempt == 2 })
        #expect(try outbox.retryDead(.all, now: now) == 3)
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
