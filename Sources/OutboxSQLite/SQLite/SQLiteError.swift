import Outbox
import CSQLite

/// A failed SQLite call: SQLite's result code and message, and the SQL text as
/// written with its `?` placeholders. Bound values are never part of it: they are
/// phone numbers and message texts, and errors end up in logs.
public struct SQLiteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_FULL`, …).
    public var code: Int32
    public var message: String
    public var sql: String?
    /// The database file, so a log line says which file the operator must look at.
    public var path: String?

    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code, without the extended bits.
    public var primaryCode: Int32 { code & 0xFF }

    public var isDiskFull: Bool { primaryCode == SQLITE_FULL }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY || primaryCode == SQLITE_PERM }
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }

    public var description: String {
        var text = "SQLite error \(code)"
        if let path { text += " on \(path)" }
        if let hint { text += " (\(hint))" }
        text += ": \(message)"
        if let sql { text += " — in: \(sql)" }
        return text
    }

    /// What the operator can do about the failures that are not bugs.
    public var hint: String? {
        let file = path ?? "the outbox"
        switch primaryCode {
        case SQLITE_FULL:
            return "disk full: the outbox cannot grow; free space in the state folder"
        case SQLITE_READONLY, SQLITE_PERM:
            return "the outbox cannot be written: give the daemon's user write access to the state folder and its files "
                + "(under systemd, check that the folder is the unit's StateDirectory= and not under ReadOnlyPaths=), "
                + "or remount the file system read-write"
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return "the outbox is damaged or not an SQLite file: stop broadcastd and restore \(file) from a backup; "
                + "to salvage what is readable: sqlite3 \(file) .recover | sqlite3 recovered.sqlite, check it, then put it in place"
        case SQLITE_BUSY, SQLITE_LOCKED:
            return "another process holds the outbox's lock (a broadcastctl command, a backup, an sqlite3 shell); "
                + "let it finish, or find it with: fuser \(file)"
        case SQLITE_CANTOPEN:
            return "the file or its folder cannot be opened: check that it exists and the daemon's user may read and write it"
        case SQLITE_IOERR:
            return "the disk or file system reported an I/O error: check the kernel log (journalctl -k) and free space"
        default:
            return nil
        }
    }

    /// The error of the last call on `connection`, from its extended code and message.
    static func last(on connection: OpaquePointer?, sql: String? = nil) -> SQLiteError {
        let code = connection.map { sqlite3_extended_errcode($0) } ?? SQLITE_ERROR
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown error"
        let path = connection.flatMap { sqlite3_db_filename($0, "main") }.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return SQLiteError(code: code, message: message, sql: sql, path: path)
    }
}

/// Why the outbox file could not be used as it is, before any SQL failed.
public struct DatabaseSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { "outbox \(path): \(problem)" }
}
