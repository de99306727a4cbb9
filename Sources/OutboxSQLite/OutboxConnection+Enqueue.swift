import Outbox

extension OutboxConnection {
    /// Puts broadcasts into the outbox in one transaction. A broadcast already
    /// there (same campaign, message, occurrence, region, channel, audience) is
    /// left untouched, so enqueueing an occurrence again after a crash or a
    /// reload never makes a second delivery.
    @discardableResult
    package func enqueue(_ broadcasts: [NewBroadcast], now: Int64) throws -> EnqueueSummary {
        try database.transaction {
            var summary = EnqueueSummary()
            for broadcast in broadcasts {
                guard let id = try insert(broadcast, now: now) else { continue }
                summary.broadcasts += 1
                if case .inline(let recipients) = broadcast.recipients {
                    summary.deliveries += try storeInline(recipients, broadcast: id, dueAt: broadcast.dueAt)
                }
                try applyCancelAhead(to: broadcast.key)
            }
            return summary
        }
    }

    /// The new row's id, or nil when the broadcast was already there.
    private func insert(_ broadcast: NewBroadcast, now: Int64) throws -> Int64? {
        let list: String?
        let total: Int64?
        let reach: Int64?
        switch broadcast.recipients {
        case .inline(let recipients):
            list = nil
            total = Int64(recipients.count)
            reach = nil
        case .list(let name, let count):
            list = name
            total = count
            reach = try self.reach(of: broadcast.key)
        }
        let key = broadcast.key
        try database.cached("""
            INSERT OR IGNORE INTO broadcasts
                (campaign, message, occurrence, region, channel, audience, destination, text, due_at,
                 list, total, cursor, exhausted, enqueued_at, reach, rank)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            """).bind(key.campaign, key.message, key.occurrence, key.region, key.channel, key.audience,
                      broadcast.destination, broadcast.text, broadcast.dueAt,
                      list, total, list == nil ? total : 0, list == nil, now, reach, broadcast.rank).run()
        return database.changes == 1 ? database.lastInsertRowID : nil
    }

    /// Inline recipients are handed out at once: their whole list is the cursor's
    /// range, stored as pending rows, not yet counted against caps (that
    /// happens at their first lease). A number listed twice counts as a duplicate.
    private func storeInline(_ recipients: [String], broadcast: Int64, dueAt: Int64) throws -> Int {
        let insert = try database.cached("""
            INSERT OR IGNORE INTO deliveries (broadcast_id, recipient, state, due_at) VALUES (?1, ?2, 0, ?3)
            """)
        var stored = 0
        for recipient in recipients {
            try insert.bind(broadcast, recipient, dueAt).run()
            stored += database.changes
        }
        try database.cached("UPDATE broadcasts SET duplicates = ?2 WHERE id = ?1")
            .bind(broadcast, recipients.count - stored).run()
        return stored
    }
}
