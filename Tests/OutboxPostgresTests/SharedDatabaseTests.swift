import Foundation
import Outbox
import OutboxPostgres
import OutboxTestSupport
import Testing

/// What sharing one database between instances needs beyond the conformance
/// suite: migrations run at once, fencing by generation, and leases that
/// never overlap.
struct SharedDatabaseTests {
    let server: PostgresTestServer
    let configuration: PostgresOutboxConfiguration
    static let launch: Int64 = 1_612_872_000

    init() throws {
        server = try PostgresTestServer.shared()
        configuration = try server.configuration(database: "shared-" + UUID().uuidString)
    }

    func open() async throws -> PostgresOutbox {
        try await PostgresOutbox.open(configuration, access: .daemon(now: Self.launch))
    }

    static func list(_ count: Int) -> NewBroadcast {
        NewBroadcast(key: BroadcastKey(campaign: "c", message: "m", occurrence: launch, region: "r", channel: "sms", audience: "list"),
                     destination: "kannel", text: "t", dueAt: launch, recipients: .list("l", count: Int64(count)))
    }

    static func request(owner: String, limit: Int, source: RangeListSource, leaseSeconds: Int64 = 30, now: Int64 = launch) -> LeaseRequest {
        LeaseRequest(now: now, limit: limit, owner: owner, leaseSeconds: leaseSeconds, destination: "kannel", campaign: "c",
                     source: source, caps: nil)
    }

    @Test func instancesStartingAtOnceMigrateOnce() async throws {
        let generations = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<6 { group.addTask { try await open().generation } }
            return try await group.reduce(into: [Int64?]()) { $0.append($1) }
        }
        #expect(Set(generations.compactMap { $0 }).count == 6, "each instance has its own generation")
        let versions = try server.psql("SELECT count(*) = count(DISTINCT version), max(version) FROM schema_migrations",
                                       database: configuration.database)
        // Each version applied once, however many instances raced to apply it.
        #expect(versions.trimmingCharacters(in: .whitespacesAndNewlines) == "t|\(PostgresOutbox.schemaVersion)")
    }

    /// The sends-per-quarter-hour migration counts the log already there: an
    /// outbox upgraded from the version before it (the table dropped and the
    /// migration forgotten, with the later ones: migrations run by version)
    /// charts the earlier sends when an instance opens it.
    @Test func theSendsPerSlotMigrationCountsTheLogAlreadyThere() async throws {
        _ = try await open()
        _ = try server.psql("""
            DROP TABLE sends_by_slot;
            DROP TABLE IF EXISTS rate_buckets;
            DELETE FROM schema_migrations
            WHERE version >= (SELECT version FROM schema_migrations WHERE name LIKE 'sends per quarter hour%');
            INSERT INTO attempts (broadcast_id, recipient, at, outcome) VALUES
                (1, '+8613900000001', 1000, 4), (1, '+8613900000001', 1100, 2), (1, '+8613900000001', 1900, 4),
                (1, '+8613900000001', 1900, 6), (1, '+8613900000001', 1200, 5)
            """, database: configuration.database)
        let upgraded = try await open()
        #expect(try await upgraded.sendsBySlot(from: 0, to: 3_600) == [SendSlot(start: 900, delivered: 1, failed: 1),
                                                                     SendSlot(start: 1_800, delivered: 1, failed: 0)])
    }

    /// Migration 9 drops what every leased row paid for and nothing read: an
    /// outbox made before it (the key and the indexes put back, the migration
    /// forgotten) loses them when an instance opens it, and still leases and
    /// records.
    @Test func theLeanRowsMigrationDropsTheHotRowsChecks() async throws {
        _ = try await open()
        _ = try server.psql("""
            ALTER TABLE deliveries ADD FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE CASCADE;
            CREATE INDEX deliveries_owner ON deliveries (lease_owner) WHERE state = 1;
            CREATE INDEX attempts_broadcast ON attempts (broadcast_id);
            DELETE FROM schema_migrations WHERE version >= 9
            """, database: configuration.database)
        let upgraded = try await open()
        let left = try server.psql("""
            SELECT (SELECT count(*) FROM pg_constraint WHERE conrelid = 'deliveries'::regclass AND contype = 'f'),
                   (SELECT count(*) FROM pg_indexes WHERE indexname IN ('deliveries_owner', 'attempts_broadcast'))
            """, database: configuration.database)
        #expect(left.trimmingCharacters(in: .whitespacesAndNewlines) == "0|0")
        let source = RangeListSource(lists: ["l": [0..<3]])
        _ = try await upgraded.enqueue([Self.list(3)], now: 0)
        let leases = try await upgraded.recordAndLease([], Self.request(owner: "broadcastd", limit: 3, source: source)).batch.leases
        #expect(leases.count == 3)
        let delivered = leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: Self.launch + 1) }
        #expect(try await upgraded.record(delivered, owner: "broadcastd").applied == 3)
    }

    /// The same owner string in another instance (a restarted daemon given the
    /// same name, two hosts alike) cannot settle a lease it did not take.
    @Test func anInstanceThatLostItsLeaseRecordsNothingOverTheOneThatTookIt() async throws {
        let first = try await open()
        let second = try await open()
        let source = RangeListSource(lists: ["l": [0..<3]])
        _ = try await first.enqueue([Self.list(3)], now: 0)
        let lost = try await first.recordAndLease([], Self.request(owner: "broadcastd", limit: 3, source: source)).batch.leases
        #expect(lost.count == 3)
        #expect(try await second.releaseExpiredLeases(now: Self.launch + 30) == 3)
        let taken = try await second.recordAndLease([], Self.request(owner: "broadcastd", limit: 3, source: source,
                                                                     now: Self.launch + 30)).batch.leases
        #expect(Set(taken.map(\.id)) == Set(lost.map(\.id)))
        let late = lost.map { Outcome(delivery: $0.id, result: .dead(reason: "http 400"), at: Self.launch + 31) }
        #expect(try await first.record(late, owner: "broadcastd").refused == lost.map(\.id))
        #expect(try await first.releaseLeases(owner: "broadcastd") == 0, "not its leases any more")
        let outcomes = taken.map { Outcome(delivery: $0.id, result: .retry(at: Self.launch + 60, reason: "http 503"), at: Self.launch + 31) }
        #expect(try await second.record(outcomes, owner: "broadcastd").applied == 3)
    }

    /// Instances leasing the same list at once hand every number out once.
    @Test func concurrentLeasesNeverOverlap() async throws {
        let instances = [try await open(), try await open(), try await open()]
        let source = RangeListSource(lists: ["l": [0..<3_000]])
        _ = try await instances[0].enqueue([Self.list(3_000)], now: 0)
        let handed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, outbox) in instances.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await outbox.recordAndLease([], Self.request(owner: "i\(index)", limit: 100, source: source)).batch
                        if batch.leases.isEmpty { break }
                        mine += batch.leases.map(\.recipient)
                        _ = try await outbox.record(batch.leases.map {
                            Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: Self.launch)
                        }, owner: "i\(index)")
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let all = handed.flatMap { $0 }
        #expect(all.count == 3_000 && Set(all).count == 3_000)
        #expect(try await instances[1].broadcastStatuses(.all, limit: 5).first?.counts.delivered == 3_000)
    }
}
