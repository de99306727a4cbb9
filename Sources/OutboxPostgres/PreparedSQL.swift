import PostgresNIO

/// A hot statement's text, known when the program is built, so each
/// connection parses and plans it once (a named prepared statement) instead
/// of on every call. Why: a drain batch's statements spent about 3 ms of the
/// server's time in parse and plan, every batch (Benchmarks/RESULTS.md).
/// After five runs PostgreSQL may keep a generic plan; every parameter is
/// cast in the text, so the types never depend on the values bound.
/// A pooler in transaction mode (PgBouncer) must keep prepared statements
/// (`max_prepared_statements`, PgBouncer 1.21 and later): see docs/ha.md.
protocol PreparedSQL: SendableMetatype {
    /// The statement's name on every connection: unique, at most 63 bytes.
    static var name: String { get }
    static var sql: String { get }
}

/// One run of `Text` with its values: what postgres-nio prepares once per connection.
struct Prepared<Text: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { "broadcastd_" + Text.name }
    static var sql: String { Text.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
