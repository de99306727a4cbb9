import Testing
@testable import Outbox
@testable import OutboxSQLite

/// `status --watch` runs the queries of Outbox+Operate every second while the
/// daemon sends: none may walk every stored delivery or the whole log.
struct OperateQueryPlanTests {
    @Test func statusQueriesReachDeliveriesAndTheLogThroughIndexes() throws {
        let fixture = try OperateFixture()
        try fixture.enqueueCampaign()
        // A connection of its own, so its statement cache holds only what status and the controls run.
        let reader = try OutboxConnection(path: fixture.outboxPath, create: false)
        let filter = BroadcastFilter(campaign: OperateFixture.campaign, message: "launch", occurrence: OperateFixture.launch)
        _ = try reader.campaigns()
        _ = try reader.messages(campaign: OperateFixture.campaign)
        _ = try reader.controlScope(filter)
        _ = try reader.closedCounts(filter)
        _ = try reader.recentAttempts(since: OperateFixture.launch)
        _ = try reader.upcomingOccurrences(after: OperateFixture.launch)
        _ = try reader.optOut("+8613800000100")

        // Walking the log back by rowid from the newest entry stops at the first older one.
        let backwardWalk = "SELECT id FROM attempts WHERE at < ?1 ORDER BY id DESC LIMIT 1"
        let statements = reader.database.cachedSQL.filter { $0.contains("deliveries") || $0.contains("attempts") }
        #expect(statements.count >= 4)
        for sql in statements where sql != backwardWalk {
            let plan = try reader.database.queryPlan(sql)
            let scans = plan.filter { $0.hasPrefix("SCAN") && ["d", "a", "deliveries", "attempts"].contains($0.split(separator: " ")[1]) }
            #expect(scans.isEmpty, "\(sql)\n→ \(plan)")
        }
    }
}
