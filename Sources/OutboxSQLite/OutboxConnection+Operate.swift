import Outbox

/// Queries `broadcastctl status` and the controls need beyond the daemon's own:
/// which campaigns exist, what a control would touch, what is coming, and the
/// attempts of the last minute (rates and error rates).
extension OutboxConnection {
    /// Campaigns with at least one broadcast, by name.
    package func campaigns() throws -> [String] {
        try database.cached("SELECT DISTINCT campaign FROM broadcasts ORDER BY campaign").bind().rows { $0.text(0) }
    }

    /// What a control aimed at `filter` would find, read in one snapshot.
    /// Queries here that join deliveries put the few matching broadcasts first
    /// (CROSS JOIN fixes the order) and reach their rows through the
    /// (broadcast_id, recipient) index, instead of scanning every stored delivery.
    package func controlScope(_ filter: BroadcastFilter) throws -> ControlScope {
        try database.read {
            var scope = ControlScope()
            try database.cached("""
                SELECT count(*), coalesce(sum(b.state = 0), 0),
                       coalesce(sum(CASE WHEN b.state = 0 THEN coalesce(b.total - b.cursor, 0) ELSE 0 END), 0),
                       coalesce(sum(b.state = 0 AND b.total IS NULL), 0)
                FROM broadcasts b WHERE \(filter.sqlCondition)
                """).bind(filter.bindings).forEachRow { row in
                scope.broadcasts = row.int64(0)
                scope.openBroadcasts = row.int64(1)
                scope.waiting = row.int64(2)
                scope.unknownLengths = row.int64(3)
            }
            try database.cached("""
                SELECT count(*), coalesce(sum(open), 0) FROM (
                    SELECT max(b.state = 0) AS open FROM broadcasts b WHERE \(filter.sqlCondition)
                    GROUP BY b.campaign, b.message, b.occurrence)
                """).bind(filter.bindings).forEachRow { row in
                (scope.occurrences, scope.openOccurrences) = (row.int64(0), row.int64(1))
            }
            try database.cached("""
                SELECT d.state, count(*) FROM broadcasts b CROSS JOIN deliveries d ON d.broadcast_id = b.id
                WHERE b.state = 0 AND d.state IN (0, 1, 2, 3) AND \(filter.sqlCondition) GROUP BY d.state
                """).bind(filter.bindings).forEachRow { row in
                switch DeliveryState(rawValue: row.int64(0)) {
                case .pending, .retrying: scope.waiting += row.int64(1)
                case .inFlight: scope.inFlight += row.int64(1)
                case .dead: scope.dead += row.int64(1)
                default: break
                }
            }
            return scope
        }
    }

    /// Occurrences not started yet and due after `now`, soonest first, with their parts.
    package func upcomingOccurrences(after now: Int64, limit: Int = 5) throws -> [OccurrenceStatus] {
        try database.read {
            let keys = try database.cached("""
                SELECT campaign, message, occurrence FROM broadcasts WHERE state = 0 AND started_at IS NULL
                GROUP BY 1, 2, 3 HAVING min(due_at) > ?1 ORDER BY min(due_at), 2 LIMIT ?2
                """).bind(now, limit).rows { ($0.text(0), $0.text(1), $0.int64(2)) }
            return try keys.flatMap { campaign, message, occurrence in
                try occurrenceStatuses(BroadcastFilter(campaign: campaign, message: message, occurrence: occurrence), limit: 1)
            }
        }
    }

    /// How many deliveries of the matching broadcasts were cancelled or skipped,
    /// for each reason: stored rows, list recipients skipped at lease time
    /// (counters), and the unread positions of closed broadcasts.
    package func closedCounts(_ filter: BroadcastFilter) throws -> [ClosedCount] {
        try database.read {
            var totals = ClosedCount.Tally()
            func add(_ state: Int64, _ reason: String, _ count: Int64) {
                totals.add(state, reason, count)
            }
            try database.cached("""
                SELECT d.state, coalesce(d.reason, ''), count(*) FROM broadcasts b CROSS JOIN deliveries d ON d.broadcast_id = b.id
                WHERE d.state IN (5, 6) AND \(filter.sqlCondition) GROUP BY 1, 2
                """).bind(filter.bindings).forEachRow { add($0.int64(0), $0.text(1), $0.int64(2)) }
            try database.cached("""
                SELECT b.state, coalesce(b.reason, ''), sum(coalesce(b.total - b.cursor, 0)) FROM broadcasts b
                WHERE b.state IN (5, 6) AND \(filter.sqlCondition) GROUP BY 1, 2
                """).bind(filter.bindings).forEachRow { add($0.int64(0), $0.text(1), $0.int64(2)) }
            try database.cached("""
                SELECT coalesce(sum(b.capped), 0), coalesce(sum(b.opted_out), 0) FROM broadcasts b
                WHERE \(filter.sqlCondition)
                """).bind(filter.bindings).forEachRow { row in
                add(DeliveryState.skipped.rawValue, SkipReason.capped.rawValue, row.int64(0))
                add(DeliveryState.skipped.rawValue, SkipReason.optedOut.rawValue, row.int64(1))
            }
            return totals.sorted
        }
    }

    /// The log entries at or after `since`. The log has no time index (it would
    /// cost every send), so the newest entry before `since` is found by walking
    /// back by rowid, which costs about as many steps as the window holds. The
    /// CROSS JOIN keeps that rowid range as the outer loop: left to itself the
    /// planner scans every broadcast and searches the range once for each.
    package func recentAttempts(since: Int64) throws -> [RecentAttempts] {
        try database.read {
            let boundary = try database.cached("SELECT id FROM attempts WHERE at < ?1 ORDER BY id DESC LIMIT 1")
                .bind(since).firstRow { $0.int64(0) } ?? 0
            return try database.cached("""
                SELECT b.campaign, b.message, b.occurrence, b.destination, a.outcome, count(*)
                FROM attempts a CROSS JOIN broadcasts b ON b.id = a.broadcast_id
                WHERE a.id > ?1 AND a.at >= ?2 GROUP BY 1, 2, 3, 4, 5
                """).bind(boundary, since).rows { row in
                RecentAttempts(campaign: row.text(0), message: row.text(1), occurrence: row.int64(2),
                               destination: row.text(3), outcome: DeliveryState(rawValue: row.int64(4)) ?? .dead,
                               count: row.int64(5))
            }
        }
    }
}

extension OutboxConnection {
    /// A campaign's messages with at least one broadcast, by name.
    package func messages(campaign: String) throws -> [String] {
        try database.cached("SELECT DISTINCT message FROM broadcasts WHERE campaign = ?1 ORDER BY message")
            .bind(campaign).rows { $0.text(0) }
    }
}

extension OutboxConnection {
    /// The opt-out entry for exactly this number, if any.
    package func optOut(_ phone: String) throws -> OptOut? {
        try database.cached("SELECT phone, source, added_at FROM optouts WHERE phone = ?1")
            .bind(phone).firstRow { OptOut(phone: $0.text(0), source: $0.text(1), addedAt: $0.int64(2)) }
    }

    package func optOutCount() throws -> Int64 {
        try database.cached("SELECT count(*) FROM optouts").bind().firstRow { $0.int64(0) } ?? 0
    }
}
