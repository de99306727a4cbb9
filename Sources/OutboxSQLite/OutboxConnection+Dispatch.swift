import Outbox

extension OutboxConnection {
    /// The destinations with something to lease at `now`, in name order, so the
    /// dispatcher asks only those (not one per configured gateway and endpoint).
    ///
    /// The dispatcher asks this every turn, and a burst of thousands of one-off
    /// broadcasts due at once takes a hundred turns: so the open lists are asked
    /// destination by destination, each stopping at its first due, unheld,
    /// unpaused, not outranked broadcast (`broadcasts_destination`), instead of
    /// checking every due broadcast each turn (`bench on-time`, Benchmarks/RESULTS.md).
    package func dueDestinations(now: Int64) throws -> [String] {
        var due = Set(try database.cached("""
            SELECT DISTINCT b.destination FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
            WHERE d.state IN (0, 2) AND d.due_at <= ?1 AND b.state = 0 AND \(BroadcastFilter.notPaused)
            """).bind(now).rows { $0.text(0) })
        let feeding = try database.cached("""
            SELECT EXISTS (SELECT 1 FROM broadcasts b
                           WHERE b.destination = ?2 AND b.state = 0 AND b.exhausted = 0 AND b.due_at <= ?1
                             AND \(BroadcastFilter.notPaused) AND \(OutboxConnection.notOutranked)
                             AND \(OutboxConnection.notHeld))
            """)
        for destination in try openListDestinations() where !due.contains(destination) {
            if try feeding.bind(now, destination).firstRow({ $0.int64(0) == 1 }) == true { due.insert(destination) }
        }
        return due.sorted()
    }

    /// The destinations of broadcasts whose lists are open, one index step each.
    private func openListDestinations() throws -> [String] {
        var destinations: [String] = []
        var next = try database.cached("SELECT min(destination) FROM broadcasts WHERE state = 0 AND exhausted = 0")
            .firstRow { $0.optionalText(0) } ?? nil
        let after = try database.cached("""
            SELECT min(destination) FROM broadcasts WHERE state = 0 AND exhausted = 0 AND destination > ?1
            """)
        while let destination = next {
            destinations.append(destination)
            next = try after.bind(destination).firstRow { $0.optionalText(0) } ?? nil
        }
        return destinations
    }
}
