import Outbox
import Testing

/// The delivery log ages out in short steps (`HousekeepingOutbox.pruneLog`),
/// so a quarter's outbox stays the size of its last `log-retention`; the
/// counts do not depend on the log.
struct RetentionConformanceTests {
    /// One broadcast of `count` inline recipients delivered at `at`, each leaving one log entry.
    static func deliver(_ outbox: any OutboxBackend, message: String, count: Int, at: Int64) async throws {
        let recipients = (0..<count).map { "+8613900\(message.count)\(10_000 + $0)" }
        _ = try await outbox.enqueue([Campaign.sms(message: message, occurrence: at, recipients: recipients)], now: at)
        let leases = try await outbox.lease(Campaign.request(now: at, limit: count))
        _ = try await outbox.record(Campaign.delivered(leases, at: at), owner: "d")
    }

    @Test(arguments: OutboxBackends.all)
    func pruningDeletesOnlyEntriesOlderThanTheCutoffAndAtMostTheLimitPerCall(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        try await Self.deliver(outbox, message: "old", count: 25, at: 1_000)
        try await Self.deliver(outbox, message: "recent", count: 5, at: 5_000)
        #expect(try await outbox.pruneLog(before: 2_000, limit: 10) == 10)
        #expect(try await outbox.pruneLog(before: 2_000, limit: 10) == 10)
        #expect(try await outbox.pruneLog(before: 2_000, limit: 10) == 5)
        #expect(try await outbox.pruneLog(before: 2_000, limit: 10) == 0)
        let log = try await outbox.log(LogQuery(limit: 1_000))
        #expect(log.count == 5)
        #expect(log.allSatisfy { $0.at == 5_000 })
        let delivered = try await outbox.broadcastStatuses(.all, limit: 50).reduce(0) { $0 + $1.counts.delivered }
        #expect(delivered == 30, "counts do not depend on the log")
    }
}
