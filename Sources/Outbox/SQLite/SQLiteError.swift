import CSQLite

/// A failed SQLite call: SQLite's result code and message, and the SQL text as
/// written with its `?` placeholders. Bound values are never part of it: they are
/// phone numbers and message texts, and errors end up in logs.
public struct SQLiteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_FULL`, …).
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code, without the extended bits.
    public var primaryCode: Int32 { code & 0xFF }

    public var isDiskFull: Bool { primaryCode == SQLITE_FULL }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code)"
        if isDiskFull {
            text += " (disk full: the outbox cannot grow; free space in the state folder)"
        }
        text += ": \(message)"
        if let sql { text += " — in: \(sql)" }
        return text
    }

    /// The error of the last call on `connection`, from its extended code and message.
    static func last(on connection: OpaquePointer?, sql: String? = nil) -> SQLiteError {
        let code = connection.map { sqlite3_extended_errcode($0) } ?? SQLITE_ERROR
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown error"
        return SQLiteError(code: code, message: message, sql: sql)
    }
}

/// Why the outbox file could not be used as it is, before any SQL failed.
public struct DatabaseSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { "outbox \(path): \(problem)" }
}
