import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What an opt-out leaves in the SQLite file; the opt-out list's behaviour is
/// the conformance suite's (OptOutConformanceTests, OperatorConformanceTests).
struct OptOutTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    @Test func anOptedOutNumberIsSkippedNotLeased() throws {
        try outbox.addOptOut(SyntheticSource.number(3), source: OptOut.fileSource, now: 0)
        try outbox.addOptOut(Sample.phones[1], source: OptOut.commandSource, now: 0)
        try outbox.enqueue([Sample.sms(), Sample.listed(list: "synthetic", count: 5)], now: 0)
        let leases = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, source: SyntheticSource(count: 5))
        #expect(!leases.map(\.recipient).contains(SyntheticSource.number(3)))
        #expect(!leases.map(\.recipient).contains(Sample.phones[1]))
        #expect(leases.count == 6)
        let counts = try outbox.broadcastStatuses().reduce(StateCounts()) { $0 + $1.counts }
        #expect(counts.skipped == 2 && counts.inFlight == 6 && counts.total == 8)
        // The inline recipient stays a skipped row; the list recipient is a counter.
        #expect(try outbox.storedDeliveryCount() == 7)
        #expect(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi"))?.counts.skipped == 1)
        #expect(try outbox.log(LogQuery(outcome: .skipped)).allSatisfy { $0.reason == "opted out" })
        #expect(try outbox.log(LogQuery(outcome: .skipped)).count == 2)
    }
}
