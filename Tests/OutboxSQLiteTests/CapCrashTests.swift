import Testing
@testable import Outbox
@testable import OutboxSQLite

/// A delivery counts against the caps once, at its first lease, in the lease's
/// transaction: releasing, retrying or re-leasing it never counts it again, a
/// lease that dies before its commit counts nothing, and one that committed
/// stays counted whatever became of the send.
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

    @Test func aReleasedOrRetriedLeaseIsNotCountedAgain() throws {
        try outbox.enqueue([Sample.sms(), Sample.listed(list: "synthetic", count: 3)], now: 0)
        let first = try lease(at: now)
        #expect(first.count == 6)
        try outbox.releaseLeases(owner: "d")
        let second = try lease(at: now + 1)
        #expect(second.count == 6)
        try outbox.record(second.map { Outcome(delivery: $0.id, result: .retry(at: now + 10, reason: "http 503"), at: now + 1) },
                          owner: "d")
        #expect(try lease(at: now + 10).count == 6)
        #expect(try outbox.releaseExpiredLeases(now: now + 100) == 6)
        #expect(try lease(at: now + 100).count == 6)
        for recipient in Sample.phones + (0..<3).map(SyntheticSource.number) {
            #expect(try todaysCount(recipient) == 1)
        }
    }

    @Test func aLeaseThatDiesBeforeItsCommitCountsNothing() throws {
        struct ListGone: Error {}
        struct FailingSource: RecipientSource {
            func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice { throw ListGone() }
        }
        try outbox.enqueue([Sample.sms(), Sample.listed(list: "synthetic", count: 3)], now: 0)
        // The inline rows are counted first, then the list read fails: all of it rolls back.
        #expect(throws: ListGone.self) { try lease(at: now, source: FailingSource()) }
        #expect(try todaysCount(Sample.phones[0]) == 0)
        let retried = try lease(at: now)
        #expect(retried.count == 6)
        #expect(try todaysCount(Sample.phones[0]) == 1)
    }

    @Test func aCommittedLeaseStaysCountedAfterTheProcessDies() throws {
        try outbox.enqueue([Sample.sms(), Sample.listed(list: "synthetic", count: 3)], now: 0)
        do {
            let daemon = try OutboxConnection(path: folder.outboxPath)
            #expect(try lease(at: now, owner: "run-1", outbox: daemon).count == 6)
            // Gone without recording or releasing: SIGKILL after the commit.
        }
        #expect(try outbox.releaseExpiredLeases(now: now + 60) == 6)
        #expect(try lease(at: now + 60, owner: "run-2").count == 6)
        #expect(try todaysCount(SyntheticSource.number(0)) == 1)
        try outbox.enqueue([Sample.listed(message: "tip", list: "synthetic", count: 3, occurrence: now + 120)], now: now)
        #expect(try lease(at: now + 120, owner: "run-2").isEmpty)
    }

    @Test func aDeadDeliveryStaysCounted() throws {
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 3)], now: 0)
        let leases = try lease(at: now)
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .dead(reason: "http 400"), at: now) }, owner: "d")
        try outbox.retryDead(.all, now: now + 5)
        #expect(try lease(at: now + 5).count == 3)
        try outbox.enqueue([Sample.listed(message: "tip", list: "synthetic", count: 3, occurrence: now + 60)], now: now)
        #expect(try lease(at: now + 60).isEmpty)
        #expect(try outbox.onlyStatus(BroadcastFilter(message: "tip"))?.counts.skipped == 3)
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
