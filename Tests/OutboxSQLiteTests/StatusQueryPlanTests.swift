import Testing
@testable import Outbox
@testable import OutboxSQLite

/// `status --watch` reads a snapshot every second while the daemon sends, and
/// the controls look at their scope first: none of these queries may walk
/// every stored delivery or the whole log.
struct StatusQueryPlanTests {
    @Test func statusAndControlQueriesReachDeliveriesAndTheLogThroughIndexes() throws {
        let folder = try TemporaryDirectory()
        let writer = try OutboxConnection(path: folder.outboxPath)
        try writer.enqueue([Sample.sms(), Sample.sms(region: "jiujiang"), Sample.webhook()], now: Sample.launchAt - 60)
        // A connection of its own, so its statement cache holds only what status and the controls run.
        let reader = try OutboxConnection(path: folder.outboxPath, create: false)
        let filter = BroadcastFilter(campaign: Sample.campaign, message: "launch", occurrence: Sample.launchAt)
        _ = try reader.campaigns()
        _ = try reader.messages(campaign: Sample.campaign)
        _ = try reader.controlScope(filter)
        _ = try reader.retryingCauses()
        _ = try reader.closedCounts(filter)
        _ = try reader.recentAttempts(since: Sample.launchAt)
        _ = try reader.upcomingOccurrences(after: Sample.launchAt)
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
