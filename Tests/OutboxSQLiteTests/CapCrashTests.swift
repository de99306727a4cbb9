import Testing
@testable import Outbox
@testable import OutboxSQLite

/// A delivery counts against the caps once, at its first lease (the behaviour
/// is the conformance suite's: CapCrashConformanceTests); here, a row from
/// before the SQLite schema had caps.
struct CapCrashTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt
    let oneADay = CapTests.policy(sms: CapPolicy.Limit(perDay: 1), day: CapTests.tuesday)

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    func lease(at time: Int64, owner: String = "d", source: any RecipientSource = SyntheticSource(count: 3),
               outbox: OutboxConnection? = nil) throws -> [Lease] {
        try (outbox ?? self.outbox).leaseDue(now: time, limit: 20, owner: owner, leaseSeconds: 60, campaign: Sample.campaign,
                                             source: source, caps: oneADay)
    }

    func todaysCount(_ recipient: String) throws -> Int64 {
        try outbox.capCounts(campaign: Sample.campaign, channel: "sms", recipient: recipient,
                             day: CapTests.tuesday, week: CapTests.tuesday - 1).day
    }

    /// A delivery a daemon without caps left in flight is counted at its next
    /// lease after the upgrade, once.
    @Test func aRowFromBeforeTheCapsMigrationIsCountedAtItsNextLease() throws {
        let upgraded = try TemporaryDirectory()
        do {
            let database = try Database(path: upgraded.outboxPath)
            var before = Migrator()
            for migration in OutboxSchema.migrator.migrations.prefix(while: { !$0.name.contains("frequency caps") }) {
                before.register(migration.version, migration.name, migration.apply)
            }
            try before.migrate(database)
            try database.execute("""
                INSERT INTO broadcasts (id, campaign, message, occurrence, region, channel, audience, destination, text,
                                        due_at, total, cursor, exhausted, enqueued_at)
                VALUES (1, 'chunfeng', 'launch', \(now), 'nanchang', 'sms', 'list', 'kannel', 't', \(now), 1, 1, 1, 0);
                INSERT INTO deliveries (broadcast_id, recipient, state, due_at, lease_owner, lease_expires)
                VALUES (1, '\(Sample.phones[0])', 1, \(now), 'old-daemon', \(now + 60));
                """)
        }
        let outbox = try OutboxConnection(path: upgraded.outboxPath)
        #expect(try outbox.releaseExpiredLeases(now: now + 60) == 1)
        #expect(try lease(at: now + 60, outbox: outbox).map(\.recipient) == [Sample.phones[0]])
        try outbox.releaseLeases(owner: "d")
        #expect(try lease(at: now + 61, outbox: outbox).count == 1)
        #expect(try outbox.capCounts(campaign: Sample.campaign, channel: "sms", recipient: Sample.phones[0],
                                     day: CapTests.tuesday, week: CapTests.tuesday - 1) == (1, 1))
    }
}
