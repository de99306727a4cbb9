import Outbox

/// Controls aimed at the schedule rather than at what the outbox holds yet
/// (cancels ahead, a missed occurrence sent on purpose) and the record of
/// every control, each in one transaction.
extension OutboxConnection {
    package func cancelAhead(_ cancels: [CancelAhead], now: Int64) throws -> Int {
        try database.transaction {
            let insert = try database.cached("""
                INSERT OR IGNORE INTO cancels_ahead (campaign, message, occurrence, region, reason, made_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            var added = 0
            for cancel in cancels {
                try insert.bind(cancel.campaign, cancel.message, cancel.occurrence, cancel.region ?? "", cancel.reason, now).run()
                added += database.changes
            }
            return added
        }
    }

    package func cancelsAhead(campaign: String) throws -> [CancelAhead] {
        try database.cached("""
            SELECT message, occurrence, region, reason FROM cancels_ahead WHERE campaign = ?1 ORDER BY occurrence, message, region
            """).bind(campaign).rows { row in
            CancelAhead(campaign: campaign, message: row.text(0), occurrence: row.int64(1),
                        region: row.text(2).isEmpty ? nil : row.text(2), reason: row.text(3))
        }
    }

    /// A broadcast just enqueued that a cancel ahead names goes in cancelled.
    func applyCancelAhead(to key: BroadcastKey) throws {
        let reasons = try database.cached("""
            SELECT reason FROM cancels_ahead
            WHERE campaign = ?1 AND message = ?2 AND occurrence = ?3 AND region IN ('', ?4) ORDER BY made_at LIMIT 1
            """).bind(key.campaign, key.message, key.occurrence, key.region).rows { $0.text(0) }
        guard let reason = reasons.first else { return }
        try close(BroadcastFilter(campaign: key.campaign, message: key.message, region: key.region, channel: key.channel,
                                  occurrence: key.occurrence, started: false), state: .cancelled, reason: reason)
    }

    /// Broadcasts skipped as missed while down open again. Their planned time
    /// has passed, so they are due at once on any clock (a daemon on a pretend
    /// clock included); marking them started at `now` keeps the next start's
    /// catch-up from skipping them again.
    package func sendMissed(_ filter: BroadcastFilter, now: Int64) throws -> ControlChange {
        try database.transaction {
            var change = ControlChange()
            let skipped = DeliveryState.skipped.rawValue, missed = SkipReason.missedWhileDown.rawValue
            try database.cached("""
                UPDATE deliveries SET state = 0, reason = NULL
                WHERE state = ?9 AND broadcast_id IN (
                    SELECT b.id FROM broadcasts b WHERE b.state = ?9 AND b.reason = ?10 AND \(filter.sqlCondition))
                """).bind(filter.bindings + [skipped, missed]).run()
            change.deliveries = database.changes
            try database.cached("""
                UPDATE broadcasts AS b SET state = 0, reason = NULL, started_at = coalesce(b.started_at, ?11)
                WHERE b.state = ?9 AND b.reason = ?10 AND \(filter.sqlCondition)
                """).bind(filter.bindings + [skipped, missed, now]).run()
            change.broadcasts = database.changes
            return change
        }
    }

    package func recordControl(_ record: ControlRecord) throws {
        try database.cached("""
            INSERT INTO controls (at, user, command, target, outcome, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """).bind(record.at, record.user, record.command, record.target, record.outcome, record.changed).run()
    }

    package func controlRecords(limit: Int) throws -> [ControlRecord] {
        try database.cached("""
            SELECT at, user, command, target, outcome, changed FROM controls ORDER BY id DESC LIMIT ?1
            """).bind(limit).rows { row in
            ControlRecord(at: row.int64(0), user: row.text(1), command: row.text(2), target: row.text(3),
                          outcome: row.text(4), changed: row.int64(5) != 0)
        }
    }
}
