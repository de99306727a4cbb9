import Outbox

/// Frequency caps, counted durably per (campaign, channel, recipient) in
/// `cap_counts`: one row per recipient holding the count of the day and of the
/// week it last counted in. A count from an earlier day or week is stale and
/// starts again at 1 when next taken, so no pruning scan is needed; a row costs
/// about 25 bytes.
///
/// A send is counted once, at its first lease, in the same transaction as the
/// lease: a crash before the commit counts nothing, and after it the send may
/// happen, so the count stays — even if the delivery later dies (the gateway
/// may still have delivered it). "Never past the cap" is the promise.
extension OutboxConnection {
    /// The small integer that stands for (campaign, channel) in `cap_counts`.
    func capScope(campaign: String, channel: String) throws -> Int64 {
        if let id = try database.cached("SELECT id FROM cap_scopes WHERE campaign = ?1 AND channel = ?2")
            .bind(campaign, channel).firstRow({ $0.int64(0) }) {
            return id
        }
        try database.cached("INSERT INTO cap_scopes (campaign, channel) VALUES (?1, ?2)").bind(campaign, channel).run()
        return database.lastInsertRowID
    }

    /// Counts one send to `recipient` unless the day's or the week's count has
    /// reached its limit; false when capped (nothing counted then). A stored day
    /// or week later than the policy's (the clock was set back) keeps counting
    /// instead of starting again, so a clock change never lets a cap be passed.
    /// `statement` is `takeCapSQL` prepared, which a lease holds instead of looking it up per recipient.
    func takeCap(scope: Int64, recipient: String, limit: CapPolicy.Limit, policy: CapPolicy,
                 statement: Statement) throws -> Bool {
        if limit.perDay == 0 || limit.perWeek == 0 { return false }
        try statement
            .bind(scope, PhoneKey.bindable(recipient), policy.day, policy.week, limit.perDay, limit.perWeek).run()
        return database.changes == 1
    }

    static let takeCapSQL = """
        INSERT INTO cap_counts (scope, recipient, day, day_count, week, week_count) VALUES (?1, ?2, ?3, 1, ?4, 1)
        ON CONFLICT (scope, recipient) DO UPDATE SET
            day_count = CASE WHEN day >= ?3 THEN day_count + 1 ELSE 1 END, day = max(day, ?3),
            week_count = CASE WHEN week >= ?4 THEN week_count + 1 ELSE 1 END, week = max(week, ?4)
        WHERE (?5 IS NULL OR day < ?3 OR day_count < ?5) AND (?6 IS NULL OR week < ?4 OR week_count < ?6)
        """

    /// Gives back a count taken earlier in the same transaction (its day and
    /// week are then the current ones).
    func returnCap(scope: Int64, recipient: String) throws {
        try database.cached("""
            UPDATE cap_counts SET day_count = day_count - 1, week_count = week_count - 1 WHERE scope = ?1 AND recipient = ?2
            """).bind(scope, PhoneKey.bindable(recipient)).run()
    }

    /// Marks a stored delivery as counted; false when it already was (leased
    /// before, then released by a crash or a stop, retried, or revived from dead).
    func markCapCounted(_ delivery: Int64) throws -> Bool {
        try database.cached("UPDATE deliveries SET cap_counted = 1 WHERE id = ?1 AND cap_counted = 0").bind(delivery).run()
        return database.changes == 1
    }

    /// How many sends to `recipient` on `channel` count against `campaign`'s caps
    /// on `day` and in the week starting `week` (0 for a stale or missing count).
    package func capCounts(campaign: String, channel: String, recipient: String,
                          day: Int64, week: Int64) throws -> (day: Int64, week: Int64) {
        try database.cached("""
            SELECT CASE WHEN c.day = ?4 THEN c.day_count ELSE 0 END, CASE WHEN c.week = ?5 THEN c.week_count ELSE 0 END
            FROM cap_scopes s JOIN cap_counts c ON c.scope = s.id
            WHERE s.campaign = ?1 AND s.channel = ?2 AND c.recipient = ?3
            """).bind(campaign, channel, PhoneKey.bindable(recipient), day, week)
            .firstRow { ($0.int64(0), $0.int64(1)) } ?? (0, 0)
    }
}
