import Testing
@testable import Outbox
@testable import OutboxSQLite

/// The delivery log ages out in short steps, so a quarter's outbox stays the
/// size of its last `log-retention`.
struct RetentionTests {
    /// One broadcast of `count` inline recipients delivered at `at`, each leaving one log entry.
    private func deliver(_ outbox: OutboxConnection, message: String, count: Int, at: Int64) throws {
        try outbox.enqueue([Sample.sms(message: message, occurrence: at, recipients: (0..<count).map { "+8613900\(message.count)\(10_000 + $0)" })],
                           now: at)
        let leases = try outbox.leaseDue(now: at, limit: count, owner: "d", leaseSeconds: 30)
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: at) }, owner: "d")
    }

    private func logCount(_ outbox: OutboxConnection) throws -> Int64 {
        try outbox.database.prepare("SELECT count(*) FROM attempts").firstRow { $0.int64(0) } ?? -1
    }

    @Test func pruningDeletesOnlyEntriesOlderThanTheCutoffAndAtMostTheLimitPerCall() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try deliver(outbox, message: "old", count: 25, at: 1_000)
        try deliver(outbox, message: "recent", count: 5, at: 5_000)
        #expect(try outbox.pruneLog(before: 2_000, limit: 10) == 10)
        #expect(try outbox.pruneLog(before: 2_000, limit: 10) == 10)
        #expect(try outbox.pruneLog(before: 2_000, limit: 10) == 5)
        #expect(try outbox.pruneLog(before: 2_000, limit: 10) == 0)
        #expect(try logCount(outbox) == 5)
        #expect(try outbox.log(LogQuery()).allSatisfy { $0.at == 5_000 })
        #expect(try outbox.broadcastStatuses().reduce(0) { $0 + $1.counts.delivered } == 30, "counts do not depend on the log")
    }
}
