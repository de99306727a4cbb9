import Outbox

extension OutboxTransaction {
    /// The destinations with something to lease at `now`.
    func dueDestinations(now: Int64) async throws -> [String] {
        try await sql.rows("""
            SELECT b.destination FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
            WHERE d.state IN (0, 2) AND d.due_at <= $1::bigint AND b.state = 0 AND \(PostgresConditions.notPaused)
            UNION
            SELECT b.destination FROM broadcasts b
            WHERE b.state = 0 AND NOT b.exhausted AND b.due_at <= $1::bigint AND \(PostgresConditions.notPaused)
              AND \(PostgresConditions.notOutranked) AND \(PostgresConditions.notHeld)
            ORDER BY 1
            """, [now]) { try $0.text(0) }
    }

    /// When the next delivery becomes due (a stored one or an unread list), ignoring paused ones.
    func nextDueTime() async throws -> Int64? {
        try await sql.first("""
            SELECT least(
                (SELECT min(d.due_at) FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
                 WHERE d.state IN (0, 2) AND b.state = 0 AND \(PostgresConditions.notPaused)),
                (SELECT min(greatest(b.due_at, coalesce(b.held_until, 0))) FROM broadcasts b
                 WHERE b.state = 0 AND NOT b.exhausted AND \(PostgresConditions.notPaused)))
            """) { try $0.optionalInt64(0) } ?? nil
    }
}
