/// Where the PostgreSQL outbox lives, as `broadcastd.conf` says it:
/// `postgresql://USER@HOST[:PORT]/DB[?sslmode=disable|require|verify-full]`.
/// The password never appears in the URL (the config gives it as a secret);
/// `description` leaves it out.
public struct PostgresOutboxConfiguration: Hashable, Sendable, CustomStringConvertible {
    public enum TLS: String, Hashable, Sendable, CaseIterable {
        /// Plain TCP (loopback, or a private network the operator trusts).
        case disable
        /// Encrypted, the server's certificate not checked.
        case require
        /// Encrypted, the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLS

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLS = .require) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses the URL; the error says what is wrong and the expected form.
    public init(url: String, password: String? = nil) throws(PostgresURLError) {
        func fail(_ problem: String) -> PostgresURLError { PostgresURLError(url: Self.redacted(url), problem: problem) }
        var rest = Substring(url)
        guard let scheme = ["postgresql://", "postgres://"].first(where: { rest.hasPrefix($0) }) else {
            throw fail("it must start with postgresql://")
        }
        rest = rest.dropFirst(scheme.count)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("it names no database (…/DB)") }
        let database = String(rest[rest.index(after: slash)...])
        guard !database.isEmpty, !database.contains("/") else { throw fail("the database name after the host is missing or has a '/'") }
        let authority = rest[..<slash]
        guard let at = authority.lastIndex(of: "@") else { throw fail("it names no user (USER@HOST)") }
        let user = authority[..<at]
        guard !user.isEmpty else { throw fail("the user before '@' is empty") }
        guard !user.contains(":") else {
            throw fail("a password does not belong in the URL: give it as outbox-password secret:NAME")
        }
        var hostPort = authority[authority.index(after: at)...]
        var port = 5432
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65_535).contains(value) else { throw fail("the port is not 1-65535") }
                port = value
            } else if !after.isEmpty {
                throw fail("unexpected '\(after)' after the IPv6 address")
            }
            hostPort = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
        } else if let colon = hostPort.lastIndex(of: ":") {
            guard let value = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(value) else {
                throw fail("the port is not 1-65535")
            }
            port = value
            hostPort = hostPort[..<colon]
        }
        guard !hostPort.isEmpty else { throw fail("the host is empty") }
        var tls = TLS.require
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "sslmode" else {
                throw fail("unknown parameter '\(pair)': only sslmode=disable|require|verify-full is understood")
            }
            guard let mode = TLS(rawValue: parts[1]) else {
                throw fail("sslmode '\(parts[1])' is not one of disable, require, verify-full")
            }
            tls = mode
        }
        self.init(host: String(hostPort), port: port, user: String(user), password: password, database: database, tls: tls)
    }

    /// The URL without the password.
    public var url: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)@\(shownHost):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    public var description: String { url }

    /// `url` with anything between `user:` and `@` hidden, for error messages.
    static func redacted(_ url: String) -> String {
        guard let start = url.range(of: "://"), let at = url[start.upperBound...].lastIndex(of: "@"),
              let colon = url[start.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}

public struct PostgresURLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var url: String
    public var problem: String

    public var description: String {
        "'\(url)' is not a PostgreSQL outbox URL: \(problem); expected postgresql://USER@HOST[:PORT]/DB[?sslmode=disable|require|verify-full]"
    }
}
