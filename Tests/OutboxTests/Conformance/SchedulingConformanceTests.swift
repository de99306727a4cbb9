import Outbox
import Testing

/// `SchedulingOutbox` and `HousekeepingOutbox`: occurrences in, reloads
/// followed, leases and old rows given back.
struct SchedulingConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func enqueueingAgainMakesNoSecondBroadcast(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        #expect(try await outbox.enqueue([Campaign.sms()], now: 0) == EnqueueSummary(broadcasts: 1, deliveries: 3))
        #expect(try await outbox.enqueue([Campaign.sms(text: "changed")], now: 0) == EnqueueSummary(broadcasts: 0, deliveries: 0))
        let status = try #require(try await outbox.only())
        #expect(status.counts.pending == 3)
        #expect(try await outbox.lease(Campaign.request()).allSatisfy { $0.text == Campaign.text })
    }

    @Test(arguments: OutboxBackends.all)
    func missedOccurrencesAreSkippedAndNewsOnlyOnce(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let missed = BroadcastFilter(campaign: Campaign.name, message: "launch", occurrence: now, started: false)
        let first = try await outbox.enqueue([Campaign.sms()], closingMissed: [missed], now: now + 7200)
        #expect(first.closedMissed == [missed])
        let again = try await outbox.enqueue([Campaign.sms()], closingMissed: [missed], now: now + 7300)
        #expect(again.closedMissed == [])
        let status = try #require(try await outbox.only())
        #expect(status.state == .skipped)
        #expect(status.reason == SkipReason.missedWhileDown.rawValue)
        #expect(try await outbox.lease(Campaign.request(now: now + 7300)).isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func aScheduleChangeCancelsRemovedMessagesAndRetextsTheRest(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "tip")], now: 0)
        try await outbox.applyScheduleChange(ScheduleChange(
            campaign: Campaign.name, messages: ["launch"], cancelReason: "removed from the schedule",
            texts: [TextChange(filter: BroadcastFilter(campaign: Campaign.name, message: "launch"), text: "new text")]))
        let tip = try #require(try await outbox.only(BroadcastFilter(message: "tip")))
        #expect(tip.state == .cancelled)
        #expect(tip.reason == "removed from the schedule")
        let leases = try await outbox.lease(Campaign.request())
        #expect(leases.count == 3)
        #expect(leases.allSatisfy { $0.text == "new text" && $0.key.message == "launch" })
    }

    @Test(arguments: OutboxBackends.all)
    func expiredLeasesComeBackAndLiveOnesDoNot(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let short = try await outbox.lease(Campaign.request(limit: 1, owner: "a", leaseSeconds: 10))
        _ = try await outbox.lease(Campaign.request(owner: "b", leaseSeconds: 100))
        #expect(try await outbox.releaseExpiredLeases(now: now + 9) == 0)
        #expect(try await outbox.releaseExpiredLeases(now: now + 10) == 1)
        let again = try await outbox.lease(Campaign.request(now: now + 10, owner: "c"))
        #expect(again.map(\.id) == short.map(\.id))
    }

    @Test(arguments: OutboxBackends.all)
    func theLogIsPrunedInChunksOlderThanTheCutoff(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record(Campaign.delivered(Array(leases.prefix(2)), at: now), owner: "d")
        _ = try await outbox.record(Campaign.delivered(Array(leases.suffix(1)), at: now + 100), owner: "d")
        #expect(try await outbox.pruneLog(before: now + 1, limit: 1) == 1)
        #expect(try await outbox.pruneLog(before: now + 1, limit: 5) == 1)
        #expect(try await outbox.pruneLog(before: now + 1, limit: 5) == 0)
        #expect(try await outbox.log(LogQuery()).map(\.at) == [now + 100])
        #expect(try await outbox.pruneReached(limit: 100) >= 0)
    }
}
