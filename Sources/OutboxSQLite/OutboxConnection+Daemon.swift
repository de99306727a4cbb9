import Foundation
import Outbox

extension OutboxConnection {
    /// A start forgets the previous process's reload: `status` shows this process's only
    /// (PostgreSQL gets a fresh `instances` row per start, so the same holds there).
    package func recordDaemonStart(pid: Int32, now: Int64) throws {
        try database.cached("""
            INSERT INTO daemon (id, pid, started_at, heartbeat_at) VALUES (1, ?1, ?2, ?2)
            ON CONFLICT (id) DO UPDATE SET pid = ?1, started_at = ?2, heartbeat_at = ?2, stopped_at = NULL,
                emergency_stop_at = NULL, last_reload_at = NULL, last_reload_ok = NULL, last_reload_error = NULL,
                last_reload_changes = NULL
            """).bind(Int64(pid), now).run()
    }

    /// `emergencyStopAt`: when the emergency stop was engaged, nil while sending is allowed.
    package func recordHeartbeat(now: Int64, emergencyStopAt: Int64? = nil) throws {
        try database.cached("UPDATE daemon SET heartbeat_at = ?1, emergency_stop_at = ?2 WHERE id = 1")
            .bind(now, emergencyStopAt).run()
    }

    package func recordDaemonStop(now: Int64) throws {
        try database.cached("UPDATE daemon SET stopped_at = ?1, heartbeat_at = ?1, emergency_stop_at = NULL WHERE id = 1")
            .bind(now).run()
    }

    /// `error` nil for a reload that applied; its text (file:line:column lines) otherwise.
    package func recordReload(at time: Int64, error: String?, changes: String?) throws {
        try database.cached("""
            UPDATE daemon SET last_reload_at = ?1, last_reload_ok = ?2, last_reload_error = ?3, last_reload_changes = ?4
            WHERE id = 1
            """).bind(time, error == nil, error, error == nil ? changes : nil).run()
    }

    package func daemonRecord() throws -> DaemonRecord? {
        try database.cached("""
            SELECT pid, started_at, stopped_at, heartbeat_at, last_reload_at, last_reload_ok, last_reload_error,
                emergency_stop_at, last_reload_changes
            FROM daemon WHERE id = 1
            """).bind().firstRow { row in
            var record = DaemonRecord(pid: Int32(truncatingIfNeeded: row.int64(0)), startedAt: row.int64(1),
                                      stoppedAt: row.optionalInt64(2), heartbeatAt: row.int64(3), lastReloadAt: row.optionalInt64(4),
                                      lastReloadSucceeded: row.optionalInt64(5).map { $0 == 1 }, lastReloadError: row.optionalText(6),
                                      emergencyStopAt: row.optionalInt64(7))
            record.lastReloadChanges = row.optionalText(8)
            return record
        }
    }

    package func updateDestination(name: String, channel: String, ratePerSecond: Double?, errorRate: Double?, now: Int64) throws {
        try database.cached("""
            INSERT INTO destinations (name, channel, rate_per_second, error_rate, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (name) DO UPDATE SET channel = ?2, rate_per_second = ?3, error_rate = ?4, updated_at = ?5,
                unserved_since = NULL
            """).bind(name, channel, ratePerSecond, errorRate, now).run()
    }

    /// Every destination but `served` is not served since `now` (kept when it already was).
    package func markUnserved(except served: [String], now: Int64) throws {
        let names = String(decoding: try JSONEncoder().encode(served), as: UTF8.self)
        try database.cached("""
            UPDATE destinations SET unserved_since = ?1
            WHERE unserved_since IS NULL AND name NOT IN (SELECT value FROM json_each(?2))
            """).bind(now, names).run()
    }

    package func destinations() throws -> [DestinationRecord] {
        try database.cached("""
            SELECT name, channel, rate_per_second, error_rate, updated_at, delivered, failed, failed_over_from, failed_over_to,
                unserved_since
            FROM destinations ORDER BY channel, name
            """).bind().rows { row in
            var record = DestinationRecord(name: row.text(0), channel: row.text(1), ratePerSecond: row.optionalDouble(2),
                                           errorRate: row.optionalDouble(3), updatedAt: row.optionalInt64(4),
                                           delivered: row.int64(5), failed: row.int64(6), failedOverFrom: row.int64(7),
                                           failedOverTo: row.int64(8))
            record.unservedSince = row.optionalInt64(9)
            return record
        }
    }
}
