/// Where the outbox lives: the SQLite file in the `state` folder (one machine,
/// the default), or a PostgreSQL database that several daemons share
/// (docs/ha.md). The daemon and `broadcastctl` open it through one opener,
/// so both always agree on what `outbox` in broadcastd.conf means.
public enum OutboxLocation: Hashable, Sendable, CustomStringConvertible {
    /// `state DIR` (and `outbox sqlite`, or no `outbox` line): `DIR/outbox.sqlite`.
    case sqlite(stateDirectory: String)
    /// `outbox postgresql://USER@HOST[:PORT]/DB[?sslmode=…]` and `outbox-password secret:NAME`.
    case postgresql(PostgreSQLLocation)

    /// The folder of a SQLite outbox; nil for PostgreSQL.
    public var stateDirectory: String? {
        if case .sqlite(let folder) = self { return folder }
        return nil
    }

    /// For messages, logs and `status`: the folder, or the URL without any password.
    public var description: String {
        switch self {
        case .sqlite(let folder): return "sqlite in \(folder)"
        case .postgresql(let location): return location.description
        }
    }
}

/// A PostgreSQL outbox as written in broadcastd.conf, the password apart: the
/// URL may not hold one, so a value that is printed, logged or shown by
/// `status` (this type's `description`) cannot leak it.
public struct PostgreSQLLocation: Hashable, Sendable, CustomStringConvertible {
    public static let defaultPort = 5432

    /// `sslmode`, the subset of libpq's spellings that says plainly what is checked.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        /// Plain TCP: for a database on this machine or a private link only.
        case disable
        /// TLS, the server's certificate not checked (protects against listening, not against impersonation).
        case require
        /// TLS, the certificate checked against the system's trust roots and the host name.
        case verifyFull = "verify-full"
    }

    public var user: String
    /// A name or an IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// The database's name (libpq's `dbname`).
    public var databaseName: String
    public var tls: TLSMode
    /// The NAME of `outbox-password secret:NAME`; nil when no password is configured
    /// (the server trusts this client, or authenticates it otherwise).
    public var passwordSecret: String?
    /// The secret's content, read when the config was loaded; prints as `<redacted>`.
    public var password: SecretText?

    public init(user: String, host: String, port: Int = Self.defaultPort, databaseName: String, tls: TLSMode,
                passwordSecret: String? = nil, password: SecretText? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.databaseName = databaseName
        self.tls = tls
        self.passwordSecret = passwordSecret
        self.password = password
    }

    /// The TLS mode when the URL has no `sslmode`: none on loopback, where the
    /// traffic never leaves the machine; elsewhere the checked one, since a
    /// password crossing a network in clear or to an impostor is the worse default.
    public static func defaultTLS(host: String) -> TLSMode {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) ? .disable : .verifyFull
    }

    /// `postgresql://broadcastd@db.example.org:5432/broadcastd?sslmode=verify-full`: never a password.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)@\(shownHost):\(port)/\(databaseName)?sslmode=\(tls.rawValue)"
    }
}
