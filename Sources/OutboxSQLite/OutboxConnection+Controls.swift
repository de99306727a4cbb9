import Outbox

/// The operator's and the reloader's levers. Each runs in one transaction and
/// returns what it changed, so `broadcastctl` can say so; the running daemon
/// sees the change on its next lease, since leasing reads the same tables.
extension OutboxConnection {
    /// Stops leasing a message's deliveries, or the whole campaign's when
    /// `message` is nil, including broadcasts enqueued later. In-flight sends
    /// finish. Returns false when it was already paused.
    @discardableResult
    package func pause(campaign: String, message: String? = nil, now: Int64) throws -> Bool {
        try pause(Pause(campaign: campaign, message: message), now: now)
    }

    /// A pause, narrowed to a region or a range of occurrences or not (`''` and the extreme bounds mean any).
    @discardableResult
    package func pause(_ pause: Pause, now: Int64) throws -> Bool {
        try database.cached("""
            INSERT OR IGNORE INTO pauses (campaign, message, region, occurring_from, occurring_until, paused_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """).bind(pause.campaign, pause.message ?? "", pause.region ?? "", pause.from ?? .min, pause.until ?? .max, now).run()
        return database.changes == 1
    }

    /// Lifts a pause made by `pause` with the same arguments. Returns false when
    /// there was none (resuming a message does not lift a campaign-wide pause).
    @discardableResult
    package func resume(campaign: String, message: String? = nil) throws -> Bool {
        try resume(Pause(campaign: campaign, message: message)) > 0
    }

    /// Lifts the campaign's (or message's) pauses with this region and range; nil matches any.
    @discardableResult
    package func resume(_ pause: Pause) throws -> Int {
        try database.cached("""
            DELETE FROM pauses WHERE campaign = ?1 AND message = ?2 AND (?3 IS NULL OR region = ?3)
                AND (?4 IS NULL OR occurring_from = ?4) AND (?5 IS NULL OR occurring_until = ?5)
            """).bind(pause.campaign, pause.message ?? "", pause.region, pause.from, pause.until).run()
        return database.changes
    }

    /// Pauses in force: message nil for a whole campaign, region and bounds nil when any.
    package func pauses() throws -> [Pause] {
        try database.cached("""
            SELECT campaign, message, region, occurring_from, occurring_until FROM pauses
            ORDER BY campaign, message, region, occurring_from
            """).rows { row in
            Pause(campaign: row.text(0), message: row.text(1).isEmpty ? nil : row.text(1), region: row.text(2).isEmpty ? nil : row.text(2),
                  from: row.int64(3) == .min ? nil : row.int64(3), until: row.int64(4) == .max ? nil : row.int64(4))
        }
    }

    /// Cancels what has not been sent: open broadcasts stop handing out
    /// recipients, and their pending and retrying deliveries become cancelled
    /// with `reason`. Delivered, dead and in-flight deliveries are left alone.
    @discardableResult
    package func cancel(_ filter: BroadcastFilter, reason: String) throws -> ControlChange {
        try close(filter, state: .cancelled, reason: reason)
    }

    /// Like `cancel`, for broadcasts or their rest that will not be sent by
    /// design: missed while the daemon was down, past the catch-up window.
    @discardableResult
    package func skip(_ filter: BroadcastFilter, reason: SkipReason) throws -> ControlChange {
        try close(filter, state: .skipped, reason: reason.rawValue)
    }

    func close(_ filter: BroadcastFilter, state: DeliveryState, reason: String) throws -> ControlChange {
        try database.transaction {
            var change = ControlChange()
            // Only broadcasts with something left: a finished one keeps its outcome (closing it would change nothing sent).
            try database.cached("""
                UPDATE broadcasts AS b SET state = ?9, reason = ?10
                WHERE b.state = 0 AND \(filter.sqlCondition) AND \(Self.unfinished)
                """).bind(filter.bindings + [state.rawValue, reason]).run()
            change.broadcasts = database.changes
            try database.cached("""
                UPDATE deliveries SET state = ?9, reason = ?10
                WHERE state IN (0, 2) AND broadcast_id IN (
                    SELECT b.id FROM broadcasts b WHERE b.state = ?9 AND b.reason = ?10 AND \(filter.sqlCondition))
                """).bind(filter.bindings + [state.rawValue, reason]).run()
            change.deliveries = database.changes
            return change
        }
    }

    /// A broadcast, aliased `b`, with recipients still to read or deliveries pending, in flight or retrying.
    static let unfinished = """
        (NOT b.exhausted OR EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = b.id AND d.state IN (0, 1, 2)))
        """

    /// Dead deliveries of open broadcasts back to pending, due at `now`.
    @discardableResult
    package func retryDead(_ filter: BroadcastFilter, now: Int64) throws -> Int {
        try database.transaction {
            try database.cached("""
                UPDATE deliveries SET state = 0, due_at = ?9, reason = NULL
                WHERE state = 3 AND broadcast_id IN (
                    SELECT b.id FROM broadcasts b WHERE b.state = 0 AND \(filter.sqlCondition))
                """).bind(filter.bindings + [now]).run()
            return database.changes
        }
    }

    /// Retrying deliveries of open broadcasts due at `now` instead of after their backoff.
    @discardableResult
    package func retryWaiting(_ filter: BroadcastFilter, now: Int64) throws -> Int {
        try database.transaction {
            try database.cached("""
                UPDATE deliveries SET due_at = ?9
                WHERE state = 2 AND due_at > ?9 AND broadcast_id IN (
                    SELECT b.id FROM broadcasts b WHERE b.state = 0 AND \(filter.sqlCondition))
                """).bind(filter.bindings + [now]).run()
            return database.changes
        }
    }

    /// A message's new text for everything of it not yet sent: the text lives
    /// on the broadcast and is read at lease time, so one statement covers
    /// millions of recipients. Sends already in flight keep the text they have.
    @discardableResult
    package func updateText(_ filter: BroadcastFilter, to text: String) throws -> Int {
        try database.transaction {
            try database.cached("""
                UPDATE broadcasts AS b SET text = ?9 WHERE b.state = 0 AND b.text != ?9 AND \(filter.sqlCondition)
                """).bind(filter.bindings + [text]).run()
            return database.changes
        }
    }
}
