import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What enqueueing stores in the SQLite file; what it does is the conformance
/// suite's (EnqueueConformanceTests, SchedulingConformanceTests).
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
