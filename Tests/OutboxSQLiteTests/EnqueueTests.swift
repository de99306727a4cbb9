import Testing
@testable import Outbox
@testable import OutboxSQLite

struct EnqueueTests {
    @Test func enqueueingTheSameBroadcastAgainIsANoOp() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let first = try outbox.enqueue([Sample.sms(), Sample.webhook()], now: 0)
        #expect(first.broadcasts == 2)
        #expect(first.deliveries == 4)
        let again = try outbox.enqueue([Sample.sms(), Sample.webhook(), Sample.sms(text: "edited")], now: 1)
        #expect(again.broadcasts == 0)
        #expect(again.deliveries == 0)
        #expect(try outbox.storedDeliveryCount() == 4)
    }

    @Test func reEnqueueAfterDeliverySendsNothingTwice() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms()], now: 0)
        let leases = try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 30)
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: Sample.launchAt) }, owner: "d")
        try outbox.enqueue([Sample.sms()], now: Sample.launchAt)
        #expect(try outbox.leaseDue(now: Sample.launchAt + 60, limit: 10, owner: "d", leaseSeconds: 30).isEmpty)
        #expect(try outbox.onlyStatus()?.counts.delivered == 3)
    }

    @Test func aNumberListedTwiceIsStoredOnceAndCounted() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let summary = try outbox.enqueue([Sample.sms(recipients: Sample.phones + [Sample.phones[0]])], now: 0)
        #expect(summary.deliveries == 3)
        let status = try #require(try outbox.onlyStatus())
        #expect(status.duplicates == 1)
        #expect(status.total == 4)
        #expect(status.counts.pending == 3)
    }

    @Test func aListedBroadcastStoresNoRecipientUntilLeased() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 1_000_000)], now: 0)
        #expect(try outbox.storedDeliveryCount() == 0)
        let status = try #require(try outbox.onlyStatus())
        #expect(status.counts.pending == 1_000_000)
        #expect(status.cursor == 0)
    }
}
