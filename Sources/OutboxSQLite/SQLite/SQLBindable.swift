import Outbox
import CSQLite

/// A Swift value that can fill a `?` placeholder. Text and blobs are bound with
/// SQLITE_TRANSIENT so SQLite copies them before the Swift buffer goes away.
protocol SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws
}

extension Int64: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_int64(statement.handle, index, self))
    }
}

extension Int: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_int64(statement.handle, index, Int64(self)))
    }
}

extension Bool: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_int64(statement.handle, index, self ? 1 : 0))
    }
}

extension Double: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_double(statement.handle, index, self))
    }
}

extension String: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        var copy = self
        try copy.withUTF8 { bytes in
            try statement.check(sqlite3_bind_text(statement.handle, index, bytes.baseAddress, Int32(bytes.count), bcd_sqlite_transient()))
        }
    }
}

extension Array: SQLBindable where Element == UInt8 {
    func bind(to statement: Statement, at index: Int32) throws {
        try withUnsafeBytes { bytes in
            // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
            try statement.check(sqlite3_bind_zeroblob(statement.handle, index, 0))
            guard !bytes.isEmpty else { return }
            try statement.check(sqlite3_bind_blob(statement.handle, index, bytes.baseAddress, Int32(bytes.count), bcd_sqlite_transient()))
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        switch self {
        case .some(let value): try value.bind(to: statement, at: index)
        case .none: try statement.check(sqlite3_bind_null(statement.handle, index))
        }
    }
}

/// SQL NULL, for a placeholder whose Swift type does not matter.
struct SQLNull: SQLBindable {
    init() {}
    func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_null(statement.handle, index))
    }
}
