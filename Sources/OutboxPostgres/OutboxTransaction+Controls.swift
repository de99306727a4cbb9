import Outbox

/// The operator's and the reloader's levers, as in the SQLite backend: each
/// runs in the caller's transaction and returns what it changed.
extension OutboxTransaction {
    func pause(campaign: String, message: String?, now: Int64) async throws -> Bool {
        try await pause(Pause(campaign: campaign, message: message), now: now)
    }

    func pause(_ pause: Pause, now: Int64) async throws -> Bool {
        try await sql.count("""
            INSERT INTO pauses (campaign, message, region, occurring_from, occurring_until, paused_at)
            VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::bigint, $6::bigint) ON CONFLICT DO NOTHING
            """, [pause.campaign, pause.message ?? "", pause.region ?? "", pause.from ?? .min, pause.until ?? .max, now]) == 1
    }

    func resume(campaign: String, message: String?) async throws -> Bool {
        try await resume(Pause(campaign: campaign, message: message)) > 0
    }

    func resume(_ pause: Pause) async throws -> Int {
        try await sql.count("""
            DELETE FROM pauses WHERE campaign = $1::text AND message = $2::text AND ($3::text IS NULL OR region = $3::text)
                AND ($4::bigint IS NULL OR occurring_from = $4::bigint) AND ($5::bigint IS NULL OR occurring_until = $5::bigint)
            """, [pause.campaign, pause.message ?? "", pause.region, pause.from, pause.until])
    }

    func pauses() async throws -> [Pause] {
        try await sql.rows("""
            SELECT campaign, message, region, occurring_from, occurring_until FROM pauses
            ORDER BY campaign, message, region, occurring_from
            """) { row in
            let message = try row.text(1), region = try row.text(2)
            let from = try row.int64(3), until = try row.int64(4)
            return Pause(campaign: try row.text(0), message: message.isEmpty ? nil : message, region: region.isEmpty ? nil : region,
                         from: from == .min ? nil : from, until: until == .max ? nil : until)
        }
    }

    /// Closes what has not been sent: open broadcasts stop handing out
    /// recipients, and their pending and retrying deliveries take `state`.
    /// Delivered, dead and in-flight deliveries are left alone.
    func close(_ filter: BroadcastFilter, state: DeliveryState, reason: String) async throws -> ControlChange {
        let values = PostgresConditions.values(filter) + [state.rawValue, reason]
        var change = ControlChange()
        // Only broadcasts with something left: a finished one keeps its outcome.
        change.broadcasts = try await sql.count("""
            UPDATE broadcasts AS b SET state = $9::smallint, reason = $10::text
            WHERE b.state = 0 AND \(PostgresConditions.filter)
              AND (NOT b.exhausted OR EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = b.id AND d.state IN (0, 1, 2)))
            """, values)
        change.deliveries = try await sql.count("""
            UPDATE deliveries SET state = $9::smallint, reason = $10::text
            WHERE state IN (0, 2) AND broadcast_id IN (
                SELECT b.id FROM broadcasts b WHERE b.state = $9::smallint AND b.reason = $10::text AND \(PostgresConditions.filter))
            """, values)
        return change
    }

    func retryDead(_ filter: BroadcastFilter, now: Int64) async throws -> Int {
        try await sql.count("""
            UPDATE deliveries SET state = 0, due_at = $9::bigint, reason = NULL
            WHERE state = 3 AND broadcast_id IN (
                SELECT b.id FROM broadcasts b WHERE b.state = 0 AND \(PostgresConditions.filter))
            """, PostgresConditions.values(filter) + [now])
    }

    func retryWaiting(_ filter: BroadcastFilter, now: Int64) async throws -> Int {
        try await sql.count("""
            UPDATE deliveries SET due_at = $9::bigint
            WHERE state = 2 AND due_at > $9::bigint AND broadcast_id IN (
                SELECT b.id FROM broadcasts b WHERE b.state = 0 AND \(PostgresConditions.filter))
            """, PostgresConditions.values(filter) + [now])
    }

    /// A message's new text for everything of it not yet sent.
    func updateText(_ filter: BroadcastFilter, to text: String) async throws {
        try await sql.run("""
            UPDATE broadcasts AS b SET text = $9::text WHERE b.state = 0 AND b.text != $9::text AND \(PostgresConditions.filter)
            """, PostgresConditions.values(filter) + [text])
    }

    /// Messages of `campaign` with open broadcasts.
    func messagesWithOpenBroadcasts(campaign: String) async throws -> [String] {
        try await sql.rows("SELECT DISTINCT message FROM broadcasts WHERE campaign = $1::text AND state = 0 ORDER BY message",
                           [campaign]) { try $0.text(0) }
    }

    func campaigns() async throws -> [String] {
        try await sql.rows("SELECT DISTINCT campaign FROM broadcasts ORDER BY campaign") { try $0.text(0) }
    }

    func messages(campaign: String) async throws -> [String] {
        try await sql.rows("SELECT DISTINCT message FROM broadcasts WHERE campaign = $1::text ORDER BY message", [campaign]) {
            try $0.text(0)
        }
    }

    /// What a control aimed at `filter` would find.
    func controlScope(_ filter: BroadcastFilter) async throws -> ControlScope {
        var scope = ControlScope()
        let values = PostgresConditions.values(filter)
        if let row = try await sql.first("""
            SELECT count(*), count(*) FILTER (WHERE b.state = 0),
                   coalesce(sum(CASE WHEN b.state = 0 THEN coalesce(b.total - b.cursor, 0) ELSE 0 END), 0)::bigint,
                   count(*) FILTER (WHERE b.state = 0 AND b.total IS NULL)
            FROM broadcasts b WHERE \(PostgresConditions.filter)
            """, values, { (try $0.int64(0), try $0.int64(1), try $0.int64(2), try $0.int64(3)) }) {
            (scope.broadcasts, scope.openBroadcasts, scope.waiting, scope.unknownLengths) = row
        }
        if let row = try await sql.first("""
            SELECT count(*), count(*) FILTER (WHERE open) FROM (
                SELECT bool_or(b.state = 0) AS open FROM broadcasts b WHERE \(PostgresConditions.filter)
                GROUP BY b.campaign, b.message, b.occurrence) AS o
            """, values, { (try $0.int64(0), try $0.int64(1)) }) {
            (scope.occurrences, scope.openOccurrences) = row
        }
        for (state, count) in try await sql.rows("""
            SELECT d.state, count(*) FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id
            WHERE b.state = 0 AND d.state IN (0, 1, 2, 3) AND \(PostgresConditions.filter) GROUP BY d.state
            """, values, { (try $0.int64(0), try $0.int64(1)) }) {
            switch DeliveryState(rawValue: state) {
            case .pending, .retrying: scope.waiting += count
            case .inFlight: scope.inFlight += count
            case .dead: scope.dead += count
            default: break
            }
        }
        return scope
    }
}
