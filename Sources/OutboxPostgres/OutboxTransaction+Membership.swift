import Outbox

/// One row per instance (`instances`, keyed by generation): each daemon
/// records its own start, heartbeats, reloads and stop there, so several
/// daemons sharing the outbox never overwrite each other's record.
extension OutboxTransaction {
    private var instance: Int64 {
        get throws {
            guard let generation else {
                throw PostgresOutboxError("outbox (PostgreSQL): only an outbox opened for the daemon records a daemon's life")
            }
            return generation
        }
    }

    func recordDaemonStart(pid: Int32, now: Int64) async throws {
        try await sql.run("""
            UPDATE instances SET pid = $2::bigint, started_at = $3::bigint, heartbeat_at = $3::bigint, stopped_at = NULL,
                emergency_stop_at = NULL, last_reload_at = NULL, last_reload_ok = NULL, last_reload_error = NULL,
                last_reload_changes = NULL
            WHERE generation = $1::bigint
            """, [try instance, Int64(pid), now])
    }

    func recordHeartbeat(now: Int64, emergencyStopAt: Int64?) async throws {
        try await sql.run("UPDATE instances SET heartbeat_at = $2::bigint, emergency_stop_at = $3::bigint WHERE generation = $1::bigint",
                          [try instance, now, emergencyStopAt])
    }

    func recordDaemonStop(now: Int64) async throws {
        try await sql.run("""
            UPDATE instances SET stopped_at = $2::bigint, heartbeat_at = $2::bigint, emergency_stop_at = NULL
            WHERE generation = $1::bigint
            """, [try instance, now])
    }

    func recordReload(at time: Int64, error: String?, changes: String?) async throws {
        try await sql.run("""
            UPDATE instances SET last_reload_at = $2::bigint, last_reload_ok = $3::boolean, last_reload_error = $4::text,
                last_reload_changes = $5::text
            WHERE generation = $1::bigint
            """, [try instance, time, error == nil, error, error == nil ? changes : nil])
    }

    /// The latest started daemon's record.
    func daemonRecord() async throws -> DaemonRecord? {
        try await sql.first("""
            SELECT pid, started_at, stopped_at, heartbeat_at, last_reload_at, last_reload_ok, last_reload_error, emergency_stop_at,
                last_reload_changes
            FROM instances WHERE started_at IS NOT NULL ORDER BY started_at DESC, generation DESC LIMIT 1
            """) { row in
            var record = DaemonRecord(pid: Int32(truncatingIfNeeded: try row.int64(0)), startedAt: try row.int64(1),
                                      stoppedAt: try row.optionalInt64(2), heartbeatAt: try row.int64(3),
                                      lastReloadAt: try row.optionalInt64(4),
                                      lastReloadSucceeded: try row.row[5].decode(Bool?.self), lastReloadError: try row.optionalText(6),
                                      emergencyStopAt: try row.optionalInt64(7))
            record.lastReloadChanges = try row.optionalText(8)
            return record
        }
    }

    /// How long `status` lists an instance that stopped or went silent.
    static let instanceMemorySeconds: Int64 = 86_400

    /// Started instances seen since `seenSince` or still holding leases, latest
    /// first, each with its leases.
    func instances(seenSince: Int64) async throws -> [InstanceRecord] {
        try await sql.rows("""
            SELECT i.generation, i.host, i.pid, i.started_at, i.stopped_at, i.heartbeat_at, coalesce(l.leased, 0)
            FROM instances i
            LEFT JOIN (SELECT lease_generation, count(*) AS leased FROM deliveries WHERE state = 1 GROUP BY 1) l
                ON l.lease_generation = i.generation
            WHERE i.started_at IS NOT NULL
              AND (i.heartbeat_at >= $1::bigint OR l.leased > 0)
            ORDER BY i.generation DESC LIMIT 50
            """, [seenSince]) { row in
            InstanceRecord(generation: try row.int64(0), host: try row.text(1),
                           pid: try row.optionalInt64(2).map { Int32(truncatingIfNeeded: $0) }, startedAt: try row.optionalInt64(3), stoppedAt: try row.optionalInt64(4),
                           heartbeatAt: try row.optionalInt64(5), leased: try row.int64(6))
        }
    }

    func updateDestination(name: String, channel: String, ratePerSecond: Double?, now: Int64) async throws {
        try await sql.run("""
            INSERT INTO destinations (name, channel, rate_per_second, error_rate, updated_at)
            VALUES ($1::text, $2::text, $3::double precision, NULL, $4::bigint)
            ON CONFLICT (name) DO UPDATE SET channel = $2::text, rate_per_second = $3::double precision, error_rate = NULL,
                updated_at = $4::bigint, unserved_since = NULL
            """, [name, channel, ratePerSecond, now])
    }

    /// Every destination but `served` is not served since `now` (kept when it already was).
    func markUnserved(except served: [String], now: Int64) async throws {
        try await sql.run("""
            UPDATE destinations SET unserved_since = $1::bigint
            WHERE unserved_since IS NULL AND NOT (name = ANY($2::text[]))
            """, [now, served])
    }

    func destinations() async throws -> [DestinationRecord] {
        try await sql.rows("""
            SELECT name, channel, rate_per_second, error_rate, updated_at, delivered, failed, failed_over_from, failed_over_to,
                unserved_since
            FROM destinations ORDER BY channel, name
            """) { row in
            var record = DestinationRecord(name: try row.text(0), channel: try row.text(1), ratePerSecond: try row.optionalDouble(2),
                                           errorRate: try row.optionalDouble(3), updatedAt: try row.optionalInt64(4),
                                           delivered: try row.int64(5), failed: try row.int64(6), failedOverFrom: try row.int64(7),
                                           failedOverTo: try row.int64(8))
            record.unservedSince = try row.optionalInt64(9)
            return record
        }
    }

    /// Deletes log entries older than `before`, looking at no more than the `limit` oldest.
    func pruneLog(before: Int64, limit: Int) async throws -> Int {
        let attempts = try await sql.count("""
            DELETE FROM attempts WHERE id IN (SELECT id FROM attempts ORDER BY id LIMIT $2::bigint) AND at < $1::bigint
            """, [before, limit])
        try await pruneSendSlots(before: before)
        // Receipts age out with the log; the counts on their broadcasts stay.
        return attempts + (try await sql.count("""
            DELETE FROM receipts WHERE id IN (SELECT id FROM receipts ORDER BY id LIMIT $2::bigint) AND at < $1::bigint
            """, [before, limit]))
    }
}
