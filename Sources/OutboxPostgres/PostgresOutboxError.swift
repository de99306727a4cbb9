import PostgresNIO

/// What went wrong talking to PostgreSQL, said without the password and
/// without bound values (they are phone numbers): the server's SQLSTATE and
/// message, or the client's reason, and the statement's first line and where
/// it was run from.
public struct PostgresOutboxError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The SQLSTATE when the server refused the statement (`40001`, `23505`, …).
    public let sqlState: String?

    init(_ problem: String, sqlState: String? = nil) {
        description = problem
        self.sqlState = sqlState
    }

    init(_ error: any Error, sql: String, file: String, line: Int) {
        if let already = error as? PostgresOutboxError {
            self = already
            return
        }
        let statement = sql.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let (reason, state) = Self.reason(error)
        self.init("outbox (PostgreSQL): \(reason), in \"\(statement.prefix(80))…\" at \(file):\(line)", sqlState: state)
    }

    /// The server's own words (message and hint, never `detail`, which quotes
    /// key values), or the client's error code.
    static func reason(_ error: any Error) -> (String, String?) {
        guard let psql = error as? PSQLError else { return ("\(error)", nil) }
        if let info = psql.serverInfo, let message = info[.message] {
            let state = info[.sqlState]
            let hint = info[.hint].map { " (\($0))" } ?? ""
            return ("server refused: \(message)\(hint) [SQLSTATE \(state ?? "?")]", state)
        }
        // The client's own failures (connection refused, TLS): the code and the
        // underlying network error, which names an address, never a password.
        return ("\(psql.code)" + (psql.underlying.map { " (\($0))" } ?? ""), nil)
    }
}
