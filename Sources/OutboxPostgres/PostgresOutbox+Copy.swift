import Outbox

/// `broadcastctl outbox copy` on this side: a single machine's outbox written
/// into this database in one transaction, all of it or nothing. The copied
/// tables are locked for the transaction, so a daemon started on the database
/// meanwhile waits instead of writing beside the copy; they must be empty; the
/// ids are kept (`OVERRIDING SYSTEM VALUE`) and each id's sequence is moved past
/// them; and before the commit the caller's `verify` sees every table's count
/// and may throw, which rolls the whole copy back.
extension PostgresOutbox {
    /// Opens the copy's transaction, hands `body` the writer, then counts.
    public func fill(_ body: (PostgresCopyWriter) async throws -> Void,
                     verify: ([String: Int]) throws -> Void) async throws {
        try await transaction { session in
            let names = OutboxCopyTable.all.map(\.name)
            try await session.run("LOCK TABLE \(names.joined(separator: ", ")) IN EXCLUSIVE MODE")
            let before = try await Self.counts(session)
            let filled = names.filter { before[$0, default: 0] > 0 }
            guard filled.isEmpty else {
                let rows = filled.map { "\($0) \(before[$0, default: 0])" }.joined(separator: ", ")
                throw PostgresOutboxError("outbox (PostgreSQL) at \(configuration.url) is not empty (\(rows) rows): the copy "
                                          + "would mix two outboxes; copy into a new database (createdb --owner USER NAME)")
            }
            try await body(PostgresCopyWriter(sql: session))
            for table in OutboxCopyTable.all where table.hasGeneratedID {
                try await session.run("""
                    SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table.name)
                    """)
            }
            try verify(try await Self.counts(session))
        }
    }

    /// Rows in each copied table.
    private static func counts(_ session: SQLSession) async throws -> [String: Int] {
        let selects = OutboxCopyTable.all.map { "SELECT '\($0.name)'::text, count(*) FROM \($0.name)" }
        let rows = try await session.rows(selects.joined(separator: " UNION ALL ")) { (try $0.text(0), try $0.int(1)) }
        return Dictionary(rows, uniquingKeysWith: +)
    }
}

/// Writes copied rows inside `PostgresOutbox.fill`'s transaction, many rows per
/// statement (within PostgreSQL's 65,535 parameters).
public struct PostgresCopyWriter {
    let sql: SQLSession

    public func write(_ table: OutboxCopyTable, rows: [[OutboxCopyValue]]) async throws {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let perStatement = max(1, 30_000 / table.columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var values: [any SQLValue] = []
            var tuples: [String] = []
            for row in chunk {
                guard row.count == table.columns.count else {
                    throw PostgresOutboxError("outbox copy: a row of \(table.name) has \(row.count) values for \(table.columns.count) columns")
                }
                var marks: [String] = []
                for (column, value) in zip(table.columns, row) {
                    values.append(try Self.bindable(value, column, table))
                    marks.append("$\(values.count)::\(Self.type(column.kind))")
                }
                tuples.append("(" + marks.joined(separator: ", ") + ")")
            }
            let overriding = table.hasGeneratedID ? " OVERRIDING SYSTEM VALUE" : ""
            try await sql.run("INSERT INTO \(table.name) (\(columns))\(overriding) VALUES " + tuples.joined(separator: ", "), values)
            start += chunk.count
        }
    }

    private static func type(_ kind: OutboxCopyTable.Kind) -> String {
        switch kind {
        case .integer: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .text, .recipient: "text"
        }
    }

    /// The value in the column's type; a value that cannot be one is refused with where it was.
    private static func bindable(_ value: OutboxCopyValue, _ column: OutboxCopyTable.Column,
                                 _ table: OutboxCopyTable) throws -> any SQLValue {
        switch (column.kind, value) {
        case (.integer, .null): return Int64?.none
        case (.real, .null): return Double?.none
        case (.boolean, .null): return Bool?.none
        case (.text, .null), (.recipient, .null): return String?.none
        case (.integer, .integer(let number)): return number
        case (.boolean, .integer(let number)): return number != 0
        case (.real, .integer(let number)): return Double(number)
        case (.real, .real(let number)): return number
        case (.text, .text(let text)), (.recipient, .text(let text)): return text
        case (.text, .integer(let number)), (.recipient, .integer(let number)): return String(number)
        default:
            // The value's kind only: a value may be a phone number.
            throw PostgresOutboxError("outbox copy: \(table.name).\(column.name) holds a value of another kind than \(column.kind)")
        }
    }
}
