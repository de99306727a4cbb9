import CSQLite
import Outbox

/// This outbox read out for `broadcastctl outbox copy`, table by table in the
/// form `OutboxCopyTable` names, a page at a time in key order, so a table of
/// millions of rows (`reached`) never sits whole in memory and each page starts
/// by key, not by skipping the rows before it. The copy runs with the daemon
/// stopped (the caller holds the state folder's lock), so the pages add up.
extension OutboxConnection {
    /// How this backend reads a table: the rows' source, each column's
    /// expression, and the key that orders the pages.
    private struct CopySource {
        var from: String
        var columns: [String]
        var keys: [String]
    }

    /// Tables declared WITHOUT ROWID, paged by their primary key; every other by `rowid`.
    private static let primaryKeys: [String: [String]] = [
        "pauses": ["campaign", "message", "region", "occurring_from", "occurring_until"],
        "destinations": ["name"],
        "optouts": ["phone"],
        "reached": ["reach", "phone"],
        "cap_counts": ["cap_counts.scope", "cap_counts.recipient"],
    ]

    private static func source(_ table: OutboxCopyTable) -> CopySource {
        let columns = table.columns.map { column in
            // A `+digits` number is stored as the integer of its digits (PhoneKey): carried as its text.
            column.kind == .recipient
                ? "CASE WHEN typeof(\(column.name)) = 'integer' THEN '+' || \(column.name) ELSE \(column.name) END"
                : "\"\(column.name)\""
        }
        // The cap counters name their (campaign, channel) through `cap_scopes`.
        let from = table.name == "cap_counts" ? "cap_counts JOIN cap_scopes ON cap_scopes.id = cap_counts.scope" : table.name
        return CopySource(from: from, columns: columns, keys: primaryKeys[table.name] ?? ["rowid"])
    }

    /// The table's rows, as the copy counts them.
    package func copyCount(_ table: OutboxCopyTable) throws -> Int {
        try database.prepare("SELECT count(*) FROM \(table.name)").firstRow { $0.int(0) } ?? 0
    }

    /// Up to `limit` rows after the position `after` (nil: from the start).
    package func copyPage(_ table: OutboxCopyTable, after: [OutboxCopyValue]?, limit: Int) throws -> OutboxCopyPage {
        let source = Self.source(table)
        let keys = source.keys.joined(separator: ", ")
        var sql = "SELECT \(source.columns.joined(separator: ", ")), \(keys) FROM \(source.from)"
        var values: [any SQLBindable] = []
        if let after {
            let marks = (1...after.count).map { "?\($0)" }.joined(separator: ", ")
            sql += " WHERE (\(keys)) > (\(marks))"
            values = after
        }
        sql += " ORDER BY \(keys) LIMIT \(limit)"
        let width = Int32(source.columns.count)
        let read = try database.read {
            try database.prepare(sql).bind(values).rows { row in
                (values: (0..<width).map { row.copyValue($0) },
                 key: (width..<width + Int32(source.keys.count)).map { row.copyValue($0) })
            }
        }
        return OutboxCopyPage(rows: read.map(\.values), next: read.count < limit ? nil : read.last?.key)
    }
}

extension SQLiteOutbox {
    /// The table's rows, as `broadcastctl outbox copy` counts them.
    public func copyCount(_ table: OutboxCopyTable) throws -> Int {
        try perform { try $0.copyCount(table) }
    }

    /// A page of the table's rows for `broadcastctl outbox copy`; hand `next` back for the following page.
    public func copyPage(_ table: OutboxCopyTable, after: [OutboxCopyValue]?, limit: Int) throws -> OutboxCopyPage {
        try perform { try $0.copyPage(table, after: after, limit: limit) }
    }
}

extension Statement {
    /// A column as stored, whatever its declared type (SQLite keeps each value's own).
    fileprivate func copyValue(_ column: Int32) -> OutboxCopyValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_FLOAT: .real(double(column))
        default: .text(text(column))
        }
    }
}

/// A page's position bound back as it was read: an integer key stays an integer.
extension OutboxCopyValue: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws {
        switch self {
        case .null: try SQLNull().bind(to: statement, at: index)
        case .integer(let value): try value.bind(to: statement, at: index)
        case .real(let value): try value.bind(to: statement, at: index)
        case .text(let value): try value.bind(to: statement, at: index)
        }
    }
}
