import Testing
@testable import Outbox
@testable import OutboxSQLite

/// List recipients skipped at lease time are counters on their broadcast plus a
/// log entry, never rows; every status figure still adds up to the positions.
struct SkipCounterTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt
    let oneADay = CapTests.policy(sms: CapPolicy.Limit(perDay: 1), day: CapTests.tuesday)

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    /// "first" reaches numbers 0–2; "second" lists 0–9 and 5 again: 0–2 are
    /// capped, 3 and 4 opted out, 5 listed twice, 5–9 leased; of those 2
    /// delivered, 1 retrying, 1 dead, 1 still in flight.
    func sendTwoBroadcasts() throws {
        let numbers = (0..<10).map(SyntheticSource.number)
        let source = ArraySource(lists: ["first": Array(numbers.prefix(3)), "second": numbers + [numbers[5]]])
        try outbox.addOptOut(numbers[3], source: OptOut.fileSource, now: 0)
        try outbox.addOptOut(numbers[4], source: OptOut.commandSource, now: 0)
        try outbox.enqueue([Sample.listed(message: "first", list: "first", count: 3)], now: 0)
        let first = try outbox.leaseDue(now: now, limit: 20, owner: "d", leaseSeconds: 60, campaign: Sample.campaign,
                                        source: source, caps: oneADay)
        try outbox.record(first.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "d")
        try outbox.enqueue([Sample.listed(message: "second", list: "second", count: 11, occurrence: now + 60)], now: now)
        let second = try outbox.leaseDue(now: now + 60, limit: 20, owner: "d", leaseSeconds: 60, campaign: Sample.campaign,
                                         source: source, caps: oneADay)
        #expect(second.map(\.recipient) == Array(numbers[5...]))
        let results: [Outcome.Result] = [.delivered(gatewayMessageID: nil), .delivered(gatewayMessageID: nil),
                                         .retry(at: now + 600, reason: "http 503"), .dead(reason: "http 400")]
        try outbox.record(zip(second, results).map { Outcome(delivery: $0.id, result: $1, at: now + 61) }, owner: "d")
    }

    @Test func aBroadcastsCountsAddUpToItsPositions() throws {
        try sendTwoBroadcasts()
        let second = try #require(try outbox.onlyStatus(BroadcastFilter(message: "second")))
        #expect(second.cursor == 11 && second.total == 11 && second.duplicates == 1)
        let counts = second.counts
        #expect([counts.delivered, counts.inFlight, counts.retrying, counts.dead, counts.skipped, counts.pending]
            == [2, 1, 1, 1, 5, 0])
        #expect(counts.total + second.duplicates == second.cursor)
        #expect(try outbox.closedCounts(BroadcastFilter(message: "second")) == [
            ClosedCount(state: .skipped, reason: "capped", count: 3),
            ClosedCount(state: .skipped, reason: "opted out", count: 2),
        ])
        #expect(try outbox.occurrenceStatuses(BroadcastFilter(message: "second")).first?.counts == counts)
    }

    @Test func skippedListRecipientsAreLoggedButNotStored() throws {
        try sendTwoBroadcasts()
        // Only the retrying, dead and in-flight rows of "second" are stored.
        #expect(try outbox.storedDeliveryCount() == 3)
        let skips = try outbox.log(LogQuery(message: "second", outcome: .skipped))
        #expect(skips.count == 5)
        #expect(Dictionary(grouping: skips, by: { $0.reason ?? "" }).mapValues(\.count) == ["capped": 3, "opted out": 2])
        #expect(skips.allSatisfy { $0.at == now + 60 })
    }

    @Test func destinationTotalsIncludeTheCounters() throws {
        try sendTwoBroadcasts()
        let kannel = try #require(try outbox.destinationCounts().first { $0.destination == "kannel" })
        #expect(kannel.counts.skipped == 5)
        #expect(kannel.counts.delivered == 5)
        #expect(kannel.counts.total == 3 + 10)
    }
}
