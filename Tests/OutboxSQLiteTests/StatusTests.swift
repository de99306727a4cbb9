import Testing
@testable import Outbox
@testable import OutboxSQLite

/// The SQLite connection's own `nextDueTime` filters (by channel and
/// destination); what status shows is the conformance suite's
/// (StatusConformanceTests).
struct StatusTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    @Test func nextDueTimeIsTheEarliestWaitingThing() throws {
        #expect(try outbox.nextDueTime() == nil)
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 5, occurrence: now + 100), Sample.sms(occurrence: now + 50)], now: 0)
        #expect(try outbox.nextDueTime() == now + 50)
        _ = try outbox.leaseDue(now: now + 50, limit: 10, owner: "d", leaseSeconds: 30)
        #expect(try outbox.nextDueTime() == now + 100)
        try outbox.enqueue([Sample.webhook(occurrence: now + 200)], now: 0)
        #expect(try outbox.nextDueTime(channel: "webhook") == now + 200)
        #expect(try outbox.nextDueTime(destination: "kannel") == now + 100)
        #expect(try outbox.nextDueTime(destination: "jasmin") == nil)
    }
}
