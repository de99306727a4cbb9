import Testing
@testable import Outbox
@testable import OutboxSQLite

struct OptOutTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    @Test func addRemoveAndList() throws {
        #expect(try outbox.addOptOut(Sample.phones[0], source: OptOut.commandSource, now: now))
        #expect(try !outbox.addOptOut(Sample.phones[0], source: OptOut.reportSource, now: now + 1))
        #expect(try outbox.optOuts() == [OptOut(phone: Sample.phones[0], source: "command", addedAt: now)])
        #expect(try outbox.isOptedOut(Sample.phones[0]))
        #expect(try outbox.removeOptOut(Sample.phones[0]))
        #expect(try !outbox.removeOptOut(Sample.phones[0]))
        #expect(try !outbox.isOptedOut(Sample.phones[0]))
    }

    @Test func reloadingTheFileReplacesOnlyItsOwnEntries() throws {
        try outbox.addOptOut(Sample.phones[2], source: OptOut.reportSource, now: now)
        #expect(try outbox.replaceOptOuts(from: OptOut.fileSource, with: [Sample.phones[0], Sample.phones[1]], now: now) == (2, 0))
        #expect(try outbox.replaceOptOuts(from: OptOut.fileSource, with: [Sample.phones[1], Sample.phones[2]], now: now + 1) == (0, 1))
        let entries = try outbox.optOuts().map { "\($0.phone) \($0.source)" }.sorted()
        #expect(entries == ["\(Sample.phones[1]) file", "\(Sample.phones[2]) report"])
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

    @Test func webhookEndpointsAreNeverOptedOut() throws {
        try outbox.addOptOut("wecom-nanchang", source: OptOut.commandSource, now: 0)
        try outbox.enqueue([Sample.webhook()], now: 0)
        #expect(try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30).count == 1)
    }
}
