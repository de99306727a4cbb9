import Outbox

extension PostgresOutbox {
    /// Brings the schema up to date under the migration lock, in one transaction.
    func migrate() async throws {
        try await transaction { session in
            try await session.run("SELECT pg_advisory_xact_lock($1::bigint)", [PostgresSchema.lockKey])
            try await session.run(PostgresSchema.bookkeeping)
            let applied = try await session.first("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations") {
                try $0.int64(0)
            } ?? 0
            guard applied <= PostgresSchema.latest else {
                throw PostgresOutboxError("outbox (PostgreSQL) at \(configuration.url): its schema is version \(applied), newer "
                                          + "than this broadcastd's \(PostgresSchema.latest): upgrade broadcastd on this machine")
            }
            for migration in PostgresSchema.migrations where migration.version > applied {
                // One statement per query: the extended protocol takes no more.
                for statement in migration.sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try await session.run(String(statement))
                }
                try await session.run("INSERT INTO schema_migrations (version, name) VALUES ($1::bigint, $2::text)",
                                      [migration.version, migration.name])
            }
        }
    }

    /// `broadcastctl` opens only an outbox a daemon made: a database without
    /// the schema is refused, not given one.
    func requireSchema() async throws {
        let version = try await transaction { session -> Int64 in
            guard try await session.first("SELECT to_regclass('schema_migrations') IS NOT NULL", [], { try $0.bool(0) }) == true else {
                return 0
            }
            return try await session.first("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations") { try $0.int64(0) } ?? 0
        }
        guard version > 0 else {
            throw PostgresOutboxError("outbox (PostgreSQL) at \(configuration.url) has no outbox schema: "
                                      + "start broadcastd on it once, which creates it")
        }
    }

    /// The schema version this program writes.
    public static var schemaVersion: Int64 { PostgresSchema.latest }

    /// Registers this instance; its generation fences its leases.
    func registerInstance(now: Int64) async throws -> Int64 {
        try await transaction { session in
            try await session.first("""
                INSERT INTO instances (host, opened_at) VALUES ($1::text, $2::bigint) RETURNING generation
                """, [Self.hostName, now]) { try $0.int64(0) } ?? 0
        }
    }

    static var hostName: String { InstanceRecord.localHost ?? "unknown" }
}
