import Outbox

/// Broadcasts held while their list cannot be read, or because it changed
/// under them: the same rules and texts as the SQLite backend's.
extension OutboxTransaction {
    func hold(_ broadcast: Int64, problem: String, now: Int64, gate: LeaseGate) async throws {
        try await sql.run("UPDATE broadcasts SET held_until = $2::bigint, problem = $3::text WHERE id = $1::bigint",
                          [broadcast, now + HeldBroadcast.retrySeconds, problem])
        gate.held(problem: problem)
    }

    func holdChangedList(_ feed: ListFeed, at time: Int64, gate: LeaseGate) async throws {
        let problem = HeldBroadcast.changedListProblem(list: feed.list, campaign: feed.key.campaign, message: feed.key.message)
        try await hold(feed.id, problem: problem, now: time, gate: gate)
        try await sql.run("UPDATE broadcasts SET list_changed = true WHERE id = $1::bigint", [feed.id])
    }

    /// The held broadcasts of `filter` read their list again from the start;
    /// those that cannot prove who they already reached are refused.
    func restartList(_ filter: BroadcastFilter) async throws -> (restarted: Int, refused: Int) {
        let held = try await sql.rows("""
            SELECT b.id, b.reach, b.delivered FROM broadcasts b
            WHERE b.state = 0 AND b.list_changed AND \(PostgresConditions.filter)
            FOR UPDATE OF b
            """, PostgresConditions.values(filter)) { (id: try $0.int64(0), reach: try $0.optionalInt64(1), delivered: try $0.int64(2)) }
        var restarted = 0
        for broadcast in held {
            guard let reach = broadcast.reach, try await claimHandedOut(by: broadcast.id, in: reach) >= broadcast.delivered else {
                continue
            }
            try await sql.run("""
                UPDATE broadcasts SET cursor_token = 0, exhausted = false, list_identity = NULL, list_changed = false,
                    held_until = NULL, problem = NULL
                WHERE id = $1::bigint
                """, [broadcast.id])
            restarted += 1
        }
        return (restarted, held.count - restarted)
    }

    /// Claims in `reach` every recipient `broadcast` handed out; returns how
    /// many of them its log shows delivered.
    private func claimHandedOut(by broadcast: Int64, in reach: Int64) async throws -> Int64 {
        try await sql.first("""
            WITH handed AS (
                SELECT recipient, max(CASE WHEN outcome = 4 THEN 1 ELSE 0 END) AS delivered
                FROM attempts WHERE broadcast_id = $1::bigint GROUP BY recipient
                UNION ALL SELECT recipient, 0 FROM deliveries WHERE broadcast_id = $1::bigint),
            claimed AS (
                INSERT INTO reached (reach, phone) SELECT DISTINCT $2::bigint, recipient FROM handed ON CONFLICT DO NOTHING)
            SELECT coalesce(sum(delivered), 0)::bigint FROM handed
            """, [broadcast, reach]) { try $0.int64(0) } ?? 0
    }

    /// The problems of broadcasts held now, newest first.
    func heldBroadcasts(limit: Int = 20) async throws -> [HeldBroadcast] {
        try await sql.rows("""
            SELECT campaign, message, occurrence, region, channel, audience, problem, held_until
            FROM broadcasts WHERE state = 0 AND problem IS NOT NULL ORDER BY held_until DESC LIMIT $1::bigint
            """, [limit]) { row in
            HeldBroadcast(key: BroadcastKey(campaign: try row.text(0), message: try row.text(1), occurrence: try row.int64(2),
                                            region: try row.text(3), channel: try row.text(4), audience: try row.text(5)),
                          problem: try row.text(6), retryAt: try row.int64(7))
        }
    }
}
