import Outbox

extension OutboxTransaction {
    /// Puts broadcasts into the outbox; one already there (same key) is left
    /// untouched, so enqueueing again after a crash, a reload or on another
    /// instance never makes a second delivery.
    func enqueue(_ broadcasts: [NewBroadcast], now: Int64) async throws -> EnqueueSummary {
        var summary = EnqueueSummary()
        for broadcast in broadcasts {
            guard let id = try await insert(broadcast, now: now) else { continue }
            summary.broadcasts += 1
            if case .inline(let recipients) = broadcast.recipients {
                summary.deliveries += try await storeInline(recipients, broadcast: id, dueAt: broadcast.dueAt)
            }
            try await applyCancelAhead(to: broadcast.key)
        }
        return summary
    }

    /// The new row's id, or nil when the broadcast was already there.
    private func insert(_ broadcast: NewBroadcast, now: Int64) async throws -> Int64? {
        var list: String?
        var total: Int64?
        var reach: Int64?
        switch broadcast.recipients {
        case .inline(let recipients):
            total = Int64(recipients.count)
        case .list(let name, let count):
            list = name
            total = count
            reach = try await self.reach(of: broadcast.key)
        }
        let key = broadcast.key
        return try await sql.first("""
            INSERT INTO broadcasts
                (campaign, message, occurrence, region, channel, audience, destination, text, due_at,
                 list, total, cursor, exhausted, enqueued_at, reach, rank)
            VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::text, $9::bigint,
                    $10::text, $11::bigint, $12::bigint, $13::boolean, $14::bigint, $15::bigint, $16::bigint)
            ON CONFLICT (campaign, message, occurrence, region, channel, audience) DO NOTHING
            RETURNING id
            """, [key.campaign, key.message, key.occurrence, key.region, key.channel, key.audience,
                  broadcast.destination, broadcast.text, broadcast.dueAt,
                  list, total, list == nil ? (total ?? 0) : 0, list == nil, now, reach, broadcast.rank]) { try $0.int64(0) }
    }

    /// Inline recipients are stored as pending rows at once, not yet counted
    /// against caps; a number listed twice counts as a duplicate.
    private func storeInline(_ recipients: [String], broadcast: Int64, dueAt: Int64) async throws -> Int {
        let stored = try await sql.count("""
            INSERT INTO deliveries (broadcast_id, recipient, state, due_at)
            SELECT $1::bigint, r, 0, $3::bigint FROM unnest($2::text[]) WITH ORDINALITY AS t(r, n) ORDER BY n
            ON CONFLICT (broadcast_id, recipient) DO NOTHING
            """, [broadcast, recipients, dueAt])
        try await sql.run("UPDATE broadcasts SET duplicates = $2::bigint WHERE id = $1::bigint",
                          [broadcast, Int64(recipients.count - stored)])
        return stored
    }
}
