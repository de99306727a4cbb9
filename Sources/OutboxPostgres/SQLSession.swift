import PostgresNIO

/// One leased connection inside one transaction, with the few ways the
/// backend talks to it: rows, the first row, a count of changed rows. SQL uses
/// `$1 …` with every parameter cast in the text (`$1::bigint`), so a NULL
/// never leaves PostgreSQL guessing a type (a prepared statement's types
/// come from those casts alone). Each call is one round trip.
struct SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    /// The rows `sql` returns, each read by `read`.
    func rows<Row>(_ sql: String, _ values: [any SQLValue] = [], file: String = #fileID, line: Int = #line,
                   _ read: (SQLRow) throws -> Row) async throws -> [Row] {
        try await collect(sql: sql, file: file, line: line, read) {
            try await StatementStart.rows(of: Self.query(sql, values), on: connection, logger: logger)
        }
    }

    /// The rows of the hot statement `Text`, prepared once on this connection (see `PreparedSQL`).
    func rows<Text: PreparedSQL, Row>(_ text: Text.Type, _ values: [any SQLValue], file: String = #fileID, line: Int = #line,
                                      _ read: (SQLRow) throws -> Row) async throws -> [Row] {
        try await collect(sql: Text.sql, file: file, line: line, read) {
            try await StatementStart.rows(of: Prepared<Text>(bindings: Self.bindings(values)), on: connection, logger: logger)
        }
    }

    private func collect<Rows: AsyncSequence, Row>(sql: String, file: String, line: Int, _ read: (SQLRow) throws -> Row,
                                                   _ start: () async throws -> Rows) async throws -> [Row]
    where Rows.Element == PostgresRow {
        do {
            var result: [Row] = []
            for try await row in try await start() {
                result.append(try read(SQLRow(row: row.makeRandomAccess())))
            }
            return result
        } catch {
            throw PostgresOutboxError(error, sql: sql, file: file, line: line)
        }
    }

    /// The first row of the hot statement `Text`.
    func first<Text: PreparedSQL, Row>(_ text: Text.Type, _ values: [any SQLValue], file: String = #fileID, line: Int = #line,
                                       _ read: (SQLRow) throws -> Row) async throws -> Row? {
        try await rows(text, values, file: file, line: line, read).first
    }

    func first<Row>(_ sql: String, _ values: [any SQLValue] = [], file: String = #fileID, line: Int = #line,
                    _ read: (SQLRow) throws -> Row) async throws -> Row? {
        try await rows(sql, values, file: file, line: line, read).first
    }

    /// Runs a statement that returns nothing worth reading.
    func run(_ sql: String, _ values: [any SQLValue] = [], file: String = #fileID, line: Int = #line) async throws {
        _ = try await rows(sql, values, file: file, line: line) { _ in () }
    }

    /// Runs an INSERT, UPDATE or DELETE (without RETURNING) and counts the rows it changed.
    func count(_ sql: String, _ values: [any SQLValue] = [], file: String = #fileID, line: Int = #line) async throws -> Int {
        try await first("WITH changed AS (\(sql) RETURNING 1) SELECT count(*) FROM changed", values,
                        file: file, line: line) { try $0.int(0) } ?? 0
    }

    static func query(_ sql: String, _ values: [any SQLValue]) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: bindings(values))
    }

    static func bindings(_ values: [any SQLValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { value.append(to: &binds) }
        return binds
    }
}

/// One row, read by column index.
struct SQLRow {
    let row: PostgresRandomAccessRow

    func int64(_ index: Int) throws -> Int64 { try row[index].decode(Int64.self) }
    func int(_ index: Int) throws -> Int { Int(try row[index].decode(Int64.self)) }
    func optionalInt64(_ index: Int) throws -> Int64? { try row[index].decode(Int64?.self) }
    func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
    func optionalText(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
    func optionalDouble(_ index: Int) throws -> Double? { try row[index].decode(Double?.self) }
    func double(_ index: Int) throws -> Double { try row[index].decode(Double.self) }
    func bool(_ index: Int) throws -> Bool { try row[index].decode(Bool.self) }
    func texts(_ index: Int) throws -> [String] { try row[index].decode([String].self) }
    func int64s(_ index: Int) throws -> [Int64] { try row[index].decode([Int64].self) }
}

/// A value bound to a `$n` parameter.
protocol SQLValue {
    func append(to binds: inout PostgresBindings)
}

extension String: SQLValue {
    func append(to binds: inout PostgresBindings) { binds.append(self) }
}

extension Int64: SQLValue {
    func append(to binds: inout PostgresBindings) { binds.append(self) }
}

extension Int: SQLValue {
    func append(to binds: inout PostgresBindings) { binds.append(Int64(self)) }
}

extension Bool: SQLValue {
    func append(to binds: inout PostgresBindings) { binds.append(self) }
}

extension Double: SQLValue {
    func append(to binds: inout PostgresBindings) { binds.append(self) }
}

/// What an array parameter may hold.
typealias PostgresArrayValue = PostgresArrayEncodable & PostgresNonThrowingEncodable

/// `text[]`, `bigint[]`: a whole batch bound as one parameter (`= ANY($1)`, `unnest($1)`).
extension Array: SQLValue where Element: PostgresArrayValue {
    func append(to binds: inout PostgresBindings) { binds.append(self) }
}

extension Optional: SQLValue where Wrapped: SQLValue {
    func append(to binds: inout PostgresBindings) {
        if let self { self.append(to: &binds) } else { binds.appendNull() }
    }
}
