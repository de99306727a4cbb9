import Testing
@testable import Outbox
@testable import OutboxSQLite

/// The hot path (enqueue, lease, record, release) must never walk a whole
/// table: at ten million recipients one full scan per batch is the difference
/// between thousands of sends a second and a handful. docs/outbox.md says
/// which index serves which statement; this checks SQLite agrees.
struct QueryPlanTests {
    @Test func noHotStatementScansATable() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let now = Sample.launchAt
        try outbox.addOptOut(Sample.phones[2], source: OptOut.fileSource, now: 0)
        try outbox.addOptOut(SyntheticSource.number(3), source: OptOut.fileSource, now: 0)
        try outbox.enqueue([Sample.sms(), Sample.webhook(), Sample.listed(list: "synthetic", count: 4)], now: 0)
        let caps = CapPolicy(limits: ["sms": .init(perDay: 1), "webhook": .init(perWeek: 1)], day: 18_667, week: 18_666)
        let leases = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, campaign: Sample.campaign,
                                         source: SyntheticSource(count: 4), caps: caps)
        try outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: "1"), at: now),
            Outcome(delivery: leases[1].id, result: .retry(at: now + 5, reason: "http 503"), at: now),
            Outcome(delivery: leases[2].id, result: .dead(reason: "http 400"), at: now),
            Outcome(delivery: leases[3].id, result: .skipped(.capped), at: now),
        ], owner: "d")
        try outbox.releaseExpiredLeases(now: now + 30)
        try outbox.releaseLeases(owner: "d")
        _ = try outbox.nextDueTime()
        _ = try outbox.dueDestinations(now: now)
        try outbox.pruneReached(limit: 10)

        let hot = outbox.database.cachedSQL
        #expect(hot.count > 10)
        for sql in hot {
            let plan = try outbox.database.queryPlan(sql)
            let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.contains("INDEX") && !$0.contains("CONSTANT ROW") }
            #expect(scans.isEmpty, "\(sql)\n→ \(plan)")
        }
    }

    @Test func leasingWalksTheDueIndexes() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 4)], now: 0)
        _ = try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 30, source: SyntheticSource(count: 4))
        try outbox.releaseExpiredLeases(now: Sample.launchAt + 30)
        let plans = try outbox.database.cachedSQL.map { try outbox.database.queryPlan($0).joined(separator: "; ") }
        for index in ["deliveries_due", "broadcasts_feed", "deliveries_leases", "broadcasts_reach"] {
            #expect(plans.contains { $0.contains(index) }, "no statement uses \(index)")
        }
    }
}
