import Outbox

/// Cancels ahead, missed occurrences sent on purpose and the record of
/// controls, as in the SQLite backend, each in the caller's transaction.
extension OutboxTransaction {
    func cancelAhead(_ cancels: [CancelAhead], now: Int64) async throws -> Int {
        var added = 0
        for cancel in cancels {
            added += try await sql.count("""
                INSERT INTO cancels_ahead (campaign, message, occurrence, region, reason, made_at)
                VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::bigint) ON CONFLICT DO NOTHING
                """, [cancel.campaign, cancel.message, cancel.occurrence, cancel.region ?? "", cancel.reason, now])
        }
        return added
    }

    func cancelsAhead(campaign: String) async throws -> [CancelAhead] {
        try await sql.rows("""
            SELECT message, occurrence, region, reason FROM cancels_ahead WHERE campaign = $1::text
            ORDER BY occurrence, message, region
            """, [campaign]) { row in
            let region = try row.text(2)
            return CancelAhead(campaign: campaign, message: try row.text(0), occurrence: try row.int64(1),
                               region: region.isEmpty ? nil : region, reason: try row.text(3))
        }
    }

    /// A broadcast just enqueued that a cancel ahead names goes in cancelled.
    func applyCancelAhead(to key: BroadcastKey) async throws {
        let reason = try await sql.first("""
            SELECT reason FROM cancels_ahead
            WHERE campaign = $1::text AND message = $2::text AND occurrence = $3::bigint AND region IN ('', $4::text)
            ORDER BY made_at LIMIT 1
            """, [key.campaign, key.message, key.occurrence, key.region]) { try $0.text(0) }
        guard let reason else { return }
        _ = try await close(BroadcastFilter(campaign: key.campaign, message: key.message, region: key.region, channel: key.channel,
                                            occurrence: key.occurrence, started: false), state: .cancelled, reason: reason)
    }

    /// Broadcasts skipped as missed while down open again, due at once (their
    /// planned time has passed), marked started so that the next start's
    /// catch-up does not skip them again.
    func sendMissed(_ filter: BroadcastFilter, now: Int64) async throws -> ControlChange {
        let values = PostgresConditions.values(filter) + [DeliveryState.skipped.rawValue, SkipReason.missedWhileDown.rawValue]
        var change = ControlChange()
        change.deliveries = try await sql.count("""
            UPDATE deliveries SET state = 0, reason = NULL
            WHERE state = $9::smallint AND broadcast_id IN (
                SELECT b.id FROM broadcasts b WHERE b.state = $9::smallint AND b.reason = $10::text AND \(PostgresConditions.filter))
            """, values)
        change.broadcasts = try await sql.count("""
            UPDATE broadcasts AS b SET state = 0, reason = NULL, started_at = coalesce(b.started_at, $11::bigint)
            WHERE b.state = $9::smallint AND b.reason = $10::text AND \(PostgresConditions.filter)
            """, values + [now])
        return change
    }

    func recordControl(_ record: ControlRecord) async throws {
        try await sql.run("""
            INSERT INTO controls (at, "user", command, target, outcome, changed)
            VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::boolean)
            """, [record.at, record.user, record.command, record.target, record.outcome, record.changed])
    }

    func controlRecords(limit: Int) async throws -> [ControlRecord] {
        try await sql.rows("""
            SELECT at, "user", command, target, outcome, changed FROM controls ORDER BY id DESC LIMIT $1::bigint
            """, [Int64(limit)]) { row in
            ControlRecord(at: try row.int64(0), user: try row.text(1), command: try row.text(2), target: try row.text(3),
                          outcome: try row.text(4), changed: try row.bool(5))
        }
    }
}
