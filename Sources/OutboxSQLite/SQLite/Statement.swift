import Outbox
import CSQLite

/// One prepared statement. It owns its `sqlite3_stmt` and finalizes it when it
/// goes away, so a thrown error between prepare and finalize cannot leak it.
final class Statement {
    let handle: OpaquePointer
    /// The SQL as written: error texts show this, never the bound values.
    let sql: String
    private let connection: OpaquePointer

    init(connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            throw SQLiteError.last(on: connection, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Clears the previous run and its bindings, then binds `values` to `?1`, `?2`, …
    @discardableResult
    func bind(_ values: [any SQLBindable]) throws -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try value.bind(to: self, at: Int32(offset + 1))
        }
        return self
    }

    /// The same for values listed in the call, bound straight from their types:
    /// no array and no existential box per call (hot paths bind millions of
    /// times in one broadcast, and that allocation was a tenth of their Swift time).
    @discardableResult
    func bind<each Value: SQLBindable>(_ values: repeat each Value) throws -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            try value.bind(to: self, at: index)
        }
        return self
    }

    /// Advances to the next row: true when a row is ready to read, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError.last(on: connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs the statement and reads every row with `read`.
    func rows<T>(_ read: (Statement) throws -> T) throws -> [T] {
        // Reset even when `read` throws: a statement left mid-rows keeps its read
        // snapshot open, and that holds back WAL checkpoints.
        defer { sqlite3_reset(handle) }
        var result: [T] = []
        while try step() { result.append(try read(self)) }
        return result
    }

    /// Runs the statement and hands every row to `visit`.
    func forEachRow(_ visit: (Statement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while try step() { try visit(self) }
    }

    /// The first row read with `read`, or nil when there is none.
    func firstRow<T>(_ read: (Statement) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        return try step() ? read(self) : nil
    }

    func check(_ result: Int32) throws {
        guard result == SQLITE_OK else { throw SQLiteError.last(on: connection, sql: sql) }
    }
}

// MARK: - Reading the current row (columns count from 0)

extension Statement {
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: bytes)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
