import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What recording keeps in the SQLite file; the behaviour of recording is the
/// conformance suite's (Tests/OutboxTests/Conformance/RecordConformanceTests).
struct RecordTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms()], now: 0)
    }

    @Test func deliveredRowsAreCountedNotKept() throws {
        let leases = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30).sorted { $0.recipient < $1.recipient }
        try outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: "gw-1"), at: now + 1),
            Outcome(delivery: leases[1].id, result: .retry(at: now + 60, reason: "http 503"), at: now + 1),
            Outcome(delivery: leases[2].id, result: .dead(reason: "http 400 bad number"), at: now + 2),
        ], owner: "d")
        #expect(try outbox.onlyStatus()?.counts.delivered == 1)
        #expect(try outbox.storedDeliveryCount() == 2)
        #expect(try outbox.attemptCount() == 3)
    }
}
