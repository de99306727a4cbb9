import Outbox

/// Frequency caps, one row per (campaign, channel, recipient) holding the
/// count of the day and of the week it last counted in, as in SQLite
/// (docs/outbox.md, "Caps"). The conditional upsert locks the row, so two
/// instances counting the same person take turns and the cap stays exact.
extension OutboxTransaction {
    /// Counts one send unless the day's or the week's count reached its limit;
    /// false when capped (nothing counted then). A stored day or week later
    /// than the policy's (the clock was set back) keeps counting.
    func takeCap(_ key: DeliveryKey, limit: CapPolicy.Limit, policy: CapPolicy) async throws -> Bool {
        if limit.perDay == 0 || limit.perWeek == 0 { return false }
        return try await sql.count("""
            INSERT INTO cap_counts AS c (campaign, channel, recipient, day, day_count, week, week_count)
            VALUES ($1::text, $2::text, $3::text, $4::bigint, 1, $5::bigint, 1)
            ON CONFLICT (campaign, channel, recipient) DO UPDATE SET
                day_count = CASE WHEN c.day >= $4::bigint THEN c.day_count + 1 ELSE 1 END, day = greatest(c.day, $4::bigint),
                week_count = CASE WHEN c.week >= $5::bigint THEN c.week_count + 1 ELSE 1 END, week = greatest(c.week, $5::bigint)
            WHERE ($6::bigint IS NULL OR c.day < $4::bigint OR c.day_count < $6::bigint)
              AND ($7::bigint IS NULL OR c.week < $5::bigint OR c.week_count < $7::bigint)
            """, [key.campaign, key.channel, key.recipient, policy.day, policy.week,
                  limit.perDay.map(Int64.init), limit.perWeek.map(Int64.init)]) == 1
    }

    /// Gives back a count taken earlier in the same transaction.
    func returnCap(_ key: DeliveryKey) async throws {
        try await sql.run("""
            UPDATE cap_counts SET day_count = day_count - 1, week_count = week_count - 1
            WHERE campaign = $1::text AND channel = $2::text AND recipient = $3::text
            """, [key.campaign, key.channel, key.recipient])
    }

    /// Marks a stored delivery as counted; false when it already was.
    func markCapCounted(_ delivery: Int64) async throws -> Bool {
        try await sql.count("UPDATE deliveries SET cap_counted = true WHERE id = $1::bigint AND NOT cap_counted", [delivery]) == 1
    }
}
