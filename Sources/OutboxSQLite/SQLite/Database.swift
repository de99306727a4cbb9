import Outbox
import CSQLite

/// One connection to an SQLite file, set up the way the outbox needs it: WAL
/// (checked, not assumed: a file system without shared memory silently keeps
/// the rollback journal), synchronous=NORMAL, foreign keys, and a bounded busy
/// timeout so `broadcastctl` and the daemon wait for each other briefly instead
/// of failing or hanging.
///
/// Not Sendable: a connection belongs to one thread or actor at a time.
final class Database {
    let path: String
    let connection: OpaquePointer
    private var cache: [String: Statement] = [:]

    static let defaultBusyTimeoutMilliseconds: Int32 = 5_000
    static let walSizeLimitBytes = 64 << 20

    /// `create: false` is for readers such as `broadcastctl status`: a missing
    /// file is an error to report, not an empty outbox to make.
    init(path: String, create: Bool = true,
                busyTimeoutMilliseconds: Int32 = Database.defaultBusyTimeoutMilliseconds) throws {
        _ = Database.processSetup
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            var error = SQLiteError.last(on: handle)
            error.path = path
            sqlite3_close_v2(handle)
            throw error
        }
        self.path = path
        self.connection = handle
        sqlite3_extended_result_codes(handle, 1)
        do {
            try configure(busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// Process-wide settings, made once before the first connection opens (SQLite takes them only then).
    private static let processSetup: Void = {
        _ = bcd_sqlite_disable_memory_statistics()
    }()

    deinit {
        cache.removeAll()
        // v2 defers the close until every statement is finalized, so a Statement
        // still held elsewhere cannot turn this into a leak or a crash.
        sqlite3_close_v2(connection)
    }

    private func configure(busyTimeoutMilliseconds: Int32) throws {
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        let mode = try prepare("PRAGMA journal_mode = WAL").firstRow { $0.text(0) } ?? ""
        guard mode.lowercased() == "wal" else {
            throw DatabaseSetupError(path: path, problem: "journal mode is '\(mode)', not WAL; put the state folder on a local file system")
        }
        try execute("PRAGMA synchronous = NORMAL")
        // A reader holding a snapshot (status --watch) can make the WAL grow during
        // a big broadcast; after each checkpoint it is cut back to this size.
        try execute("PRAGMA journal_size_limit = \(Database.walSizeLimitBytes)")
        try execute("PRAGMA foreign_keys = ON")
        let foreignKeys = try prepare("PRAGMA foreign_keys").firstRow { $0.int64(0) }
        guard foreignKeys == 1 else {
            throw DatabaseSetupError(path: path, problem: "this SQLite cannot enforce foreign keys")
        }
    }

    /// Runs one or more statements that take no bindings (schema, pragmas).
    func execute(_ sql: String) throws {
        var errorText: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(connection, sql, nil, nil, &errorText)
        if let errorText { sqlite3_free(errorText) }
        guard result == SQLITE_OK else { throw SQLiteError.last(on: connection, sql: sql) }
    }

    /// A new statement, finalized when the caller lets it go.
    func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: connection, sql: sql)
    }

    /// A statement kept for the life of the connection: the hot paths run the
    /// same few SQL texts hundreds of thousands of times, and preparing costs more
    /// than running.
    func cached(_ sql: String) throws -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// The SQL texts prepared through `cached`, for checking their query plans.
    var cachedSQL: [String] { Array(cache.keys) }

    /// SQLite's plan for `sql`, one line per step (`SEARCH d USING INDEX …`).
    func queryPlan(_ sql: String) throws -> [String] {
        try prepare("EXPLAIN QUERY PLAN " + sql).rows { $0.text(3) }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up
    /// front, so two writers wait on the busy timeout instead of deadlocking when
    /// both try to upgrade. Commits when `body` returns, rolls back when it throws.
    /// Called inside another transaction, `body` simply joins it.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try inTransaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a read transaction: every query in it sees the same
    /// snapshot, so figures read with several statements add up even while the
    /// daemon commits batches. In WAL a reader neither waits for nor blocks the
    /// writer. Called inside another transaction, `body` simply joins it.
    func read<T>(_ body: () throws -> T) throws -> T {
        try inTransaction(begin: "BEGIN DEFERRED", body)
    }

    private func inTransaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        guard isAutocommit else { return try body() }
        try cached(begin).run()
        do {
            let value = try body()
            try cached("COMMIT").run()
            return value
        } catch {
            if !isAutocommit { try? cached("ROLLBACK").run() }
            throw error
        }
    }

    var isAutocommit: Bool { sqlite3_get_autocommit(connection) != 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(connection)) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    var userVersion: Int {
        get throws { try cached("PRAGMA user_version").firstRow { $0.int(0) } ?? 0 }
    }
}
