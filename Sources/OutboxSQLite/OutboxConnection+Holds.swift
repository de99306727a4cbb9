import Outbox

/// A broadcast whose list cannot be read now (deleted, moved, unreadable) is
/// held rather than failing every lease: the other broadcasts go on, the held
/// one is tried again a minute later, and `status` shows its problem until a
/// read succeeds. Its cursor has not moved, so nothing is lost while it waits.
extension OutboxConnection {
    /// How long a broadcast whose list could not be read waits before the next try.
    package static let holdSeconds = HeldBroadcast.retrySeconds

    /// A condition, on broadcasts aliased `b` with `?1` bound to now, that the
    /// broadcast is not held.
    static let notHeld = "(b.held_until IS NULL OR b.held_until <= ?1)"

    func hold(_ broadcast: Int64, problem: String, now: Int64, gate: LeaseGate) throws {
        try database.cached("UPDATE broadcasts SET held_until = ?2, problem = ?3 WHERE id = ?1")
            .bind(broadcast, now + Self.holdSeconds, problem).run()
        gate.held(problem: problem)
    }

    /// Holds a broadcast whose list is not the one it started reading (replaced,
    /// truncated, grown, rewritten): its byte offset means nothing in the new
    /// file. Unlike an unreadable list it does not go on by itself unless the
    /// old file comes back: the operator chooses (`restartList` or `cancel`).
    func holdChangedList(_ broadcast: Int64, list: String, at time: Int64, gate: LeaseGate) throws {
        let key = try database.cached("SELECT campaign, message FROM broadcasts WHERE id = ?1").bind(broadcast)
            .firstRow { (campaign: $0.text(0), message: $0.text(1)) }
        let problem = HeldBroadcast.changedListProblem(list: list, campaign: key?.campaign, message: key?.message)
        try hold(broadcast, problem: problem, now: time, gate: gate)
        try database.cached("UPDATE broadcasts SET list_changed = 1 WHERE id = ?1").bind(broadcast).run()
    }

    /// The operator's answer to a changed list: the held broadcasts of `filter`
    /// read their list again from the start, as it is now. Everyone the
    /// broadcast already handed out (its delivery log and its stored rows) is
    /// claimed in its reach first, so the new list sends nobody a second copy;
    /// a broadcast whose log was pruned below its delivered count, or that has
    /// no reach (enqueued before reaches existed), cannot prove that and is
    /// refused (cancel it instead). The new list's identity is taken at the next read.
    package func restartList(_ filter: BroadcastFilter) throws -> (restarted: Int, refused: Int) {
        try database.transaction {
            let held = try database.cached("""
                SELECT b.id, b.reach, b.delivered FROM broadcasts b
                WHERE b.state = 0 AND b.list_changed = 1 AND \(filter.sqlCondition)
                """).bind(filter.bindings).rows { (id: $0.int64(0), reach: $0.optionalInt64(1), delivered: $0.int64(2)) }
            var restarted = 0
            for broadcast in held {
                guard let reach = broadcast.reach, try claimHandedOut(by: broadcast.id, in: reach) >= broadcast.delivered else {
                    continue
                }
                try database.cached("""
                    UPDATE broadcasts SET cursor_token = 0, exhausted = 0, list_identity = NULL, list_changed = 0,
                        held_until = NULL, problem = NULL
                    WHERE id = ?1
                    """).bind(broadcast.id).run()
                restarted += 1
            }
            return (restarted, held.count - restarted)
        }
    }

    /// Claims in `reach` every recipient `broadcast` handed out; returns how
    /// many of them its log shows delivered.
    private func claimHandedOut(by broadcast: Int64, in reach: Int64) throws -> Int64 {
        let claim = try database.cached("INSERT OR IGNORE INTO reached (reach, phone) VALUES (?1, ?2)")
        var delivered: Int64 = 0
        try database.cached("""
            SELECT recipient, max(outcome = ?2) FROM attempts WHERE broadcast_id = ?1 GROUP BY recipient
            UNION ALL SELECT recipient, 0 FROM deliveries WHERE broadcast_id = ?1
            """).bind(broadcast, DeliveryState.delivered.rawValue).forEachRow { row in
            let recipient = row.text(0)
            delivered += row.int64(1)
            try claim.bind(reach, PhoneKey.bindable(recipient)).run()
        }
        return delivered
    }

    /// The problems of broadcasts held now, newest first: what `status` shows.
    package func heldBroadcasts(limit: Int = 20) throws -> [HeldBroadcast] {
        try database.cached("""
            SELECT campaign, message, occurrence, region, channel, audience, problem, held_until
            FROM broadcasts WHERE state = 0 AND problem IS NOT NULL ORDER BY held_until DESC LIMIT ?1
            """).bind(limit).rows { row in
            HeldBroadcast(key: BroadcastKey(campaign: row.text(0), message: row.text(1), occurrence: row.int64(2),
                                            region: row.text(3), channel: row.text(4), audience: row.text(5)),
                          problem: row.text(6), retryAt: row.int64(7))
        }
    }
}
