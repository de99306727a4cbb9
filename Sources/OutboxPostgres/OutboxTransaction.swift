import Outbox

/// The outbox's queries inside one PostgreSQL transaction: what
/// `OutboxConnection` is to the SQLite backend. `PostgresOutbox` opens one per
/// seam call, so every call is one unit of work.
struct OutboxTransaction {
    let sql: SQLSession
    /// The calling instance's generation: leases it takes carry it, and only
    /// they accept its outcomes (fencing). nil for `broadcastctl`.
    let generation: Int64?
}

extension PostgresOutbox {
    /// Runs `body` as one transaction, retried (at most three times) when
    /// PostgreSQL aborted it for a deadlock or a serialization failure with
    /// another instance: the transaction left nothing behind, so running it
    /// again is safe.
    func perform<Result: Sendable>(_ body: (OutboxTransaction) async throws -> Result) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await transaction { try await body(OutboxTransaction(sql: $0, generation: generation)) }
            } catch let error as PostgresOutboxError where ["40P01", "40001"].contains(error.sqlState ?? "") && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// One statement outside a transaction block (it is its own transaction).
    func single<Result: Sendable>(_ body: (OutboxTransaction) async throws -> Result) async throws -> Result {
        try await statement { try await body(OutboxTransaction(sql: $0, generation: generation)) }
    }

    /// Reads in one snapshot: figures read with several queries add up.
    func read<Result: Sendable>(_ body: (OutboxTransaction) async throws -> Result) async throws -> Result {
        try await snapshot { try await body(OutboxTransaction(sql: $0, generation: generation)) }
    }
}
