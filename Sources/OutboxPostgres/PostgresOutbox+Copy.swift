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

/// Writes copied rows inside `PostgresOutbox.fill`'s transaction: one statement
/// per page, each column bound as one array (`unnest`), so the statement's text
/// is the same for every page and PostgreSQL plans it cheaply (a `VALUES` list
/// with a parameter per value took 8 times as long: 2.1 M rows in 355 s against
/// 42 s, debug build). The
/// arrays travel as PostgreSQL's array text (`{"…",NULL}`), cast on arrival,
/// since the client binds no array with NULLs in it.
public struct PostgresCopyWriter {
    let sql: SQLSession

    public func write(_ table: OutboxCopyTable, rows: [[OutboxCopyValue]]) async throws {
        guard !rows.isEmpty else { return }
        var arrays = Array(repeating: ArrayText(), count: table.columns.count)
        for row in rows {
            guard row.count == table.columns.count else {
                throw PostgresOutboxError("outbox copy: a row of \(table.name) has \(row.count) values for \(table.columns.count) columns")
            }
            for (index, (column, value)) in zip(table.columns, row).enumerated() {
                arrays[index].append(try Self.text(value, column, table))
            }
        }
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let unnested = table.columns.enumerated().map { "$\($0.offset + 1)::text::\(Self.type($0.element.kind))[]" }
        let overriding = table.hasGeneratedID ? " OVERRIDING SYSTEM VALUE" : ""
        try await sql.run("INSERT INTO \(table.name) (\(columns))\(overriding) SELECT * FROM unnest(\(unnested.joined(separator: ", ")))",
                          arrays.map(\.finished))
    }

    private static func type(_ kind: OutboxCopyTable.Kind) -> String {
        switch kind {
        case .integer: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .text, .recipient: "text"
        }
    }

    /// The value as PostgreSQL reads it for the column's type; nil for NULL. A
    /// value that cannot be one is refused with where it was.
    private static func text(_ value: OutboxCopyValue, _ column: OutboxCopyTable.Column,
                             _ table: OutboxCopyTable) throws -> String? {
        switch (column.kind, value) {
        case (_, .null): return nil
        case (.integer, .integer(let number)): return String(number)
        case (.boolean, .integer(let number)): return number != 0 ? "t" : "f"
        case (.real, .integer(let number)): return String(number)
        case (.real, .real(let number)):
            return number.isNaN ? "NaN" : number.isInfinite ? (number < 0 ? "-Infinity" : "Infinity") : "\(number)"
        case (.text, .text(let text)), (.recipient, .text(let text)): return text
        case (.text, .integer(let number)), (.recipient, .integer(let number)): return String(number)
        default:
            // The value's kind only: a value may be a phone number.
            throw PostgresOutboxError("outbox copy: \(table.name).\(column.name) holds a value of another kind than \(column.kind)")
        }
    }
}

/// One column's values in PostgreSQL's array syntax: each element quoted, `"`
/// and `\\` escaped, NULL bare.
struct ArrayText {
    private var text = "{"
    private var empty = true

    mutating func append(_ element: String?) {
        if !empty { text.append(",") }
        empty = false
        guard let element else {
            text.append("NULL")
            return
        }
        text.append("\"")
        if element.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            for scalar in element.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text.append("\\") }
                text.unicodeScalars.append(scalar)
            }
        } else {
            text.append(element)
        }
        text.append("\"")
    }

    var finished: String { text + "}" }
}
