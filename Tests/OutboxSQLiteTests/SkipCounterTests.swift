import Testing
@testable import Outbox
@testable import OutboxSQLite

/// List recipients skipped at lease time are counters on their broadcast plus a
/// log entry, never rows in the SQLite file (what the figures show is the
/// conformance suite's: SkipCounterConformanceTests).
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

    @Test func skippedListRecipientsAreNotStored() throws {
        try sendTwoBroadcasts()
        // Only the retrying, dead and in-flight rows of "second" are stored.
        #expect(try outbox.storedDeliveryCount() == 3)
    }
}
