import Outbox

extension OutboxConnection {
    /// The destinations with something to lease at `now`, so the dispatcher asks
    /// only those (one query, not one per configured gateway and endpoint).
    package func dueDestinations(now: Int64) throws -> [String] {
        try database.cached("""
            SELECT DISTINCT b.destination FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
            WHERE d.state IN (0, 2) AND d.due_at <= ?1 AND b.state = 0 AND \(BroadcastFilter.notPaused)
            UNION
            SELECT DISTINCT b.destination FROM broadcasts b
            WHERE b.state = 0 AND b.exhausted = 0 AND b.due_at <= ?1 AND \(BroadcastFilter.notPaused)
              AND \(OutboxConnection.notOutranked) AND \(OutboxConnection.notHeld)
            """).bind(now).rows { $0.text(0) }
    }
}
