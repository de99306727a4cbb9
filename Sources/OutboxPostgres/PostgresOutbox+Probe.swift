import Outbox
import PostgresNIO

/// What one connection attempt found, for `broadcastctl check --config --connect`.
public struct PostgresProbe: Hashable, Sendable {
    /// The cause an operator fixes.
    public enum Failure: String, Hashable, Sendable {
        case refused, timedOut, authentication, databaseMissing, tls, permission, other
    }

    /// nil when the server let this user in (the schema may still be missing: the daemon makes it).
    public var failure: Failure?
    public var detail: String
    /// The outbox schema's version; 0 when the database has none yet (or was not reached).
    public var schemaVersion: Int64 = 0
}

extension PostgresOutbox {
    /// Connects once, signs in and reads the schema's version, creating nothing.
    /// One connection rather than the pool: the pool retries a refused address, a
    /// wrong password or a missing database without end (postgres-nio #489, #565),
    /// where a check has to answer within `timeout`.
    public static func probe(_ settings: PostgresOutboxConfiguration, timeout: Duration = .seconds(10)) async -> PostgresProbe {
        let place = "\(settings.host):\(settings.port)"
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try connectionConfiguration(settings, timeout: timeout)
        } catch {
            return PostgresProbe(failure: .tls, detail: "cannot set up TLS: \(error)")
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1,
                                                              logger: Logger(label: "broadcastd.outbox.probe"))
        } catch {
            return failure(error, place: place, settings: settings, timeout: timeout)
        }
        defer { Task { try? await connection.close() } }
        do {
            let session = SQLSession(connection: connection, logger: Logger(label: "broadcastd.outbox.probe"))
            // Two statements: a query naming a missing table fails when planned, whatever a CASE says.
            let hasSchema = try await session.first("SELECT to_regclass('schema_migrations') IS NOT NULL") { try $0.bool(0) } ?? false
            let version = hasSchema
                ? try await session.first("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations") { try $0.int64(0) } ?? 0
                : 0
            if version == 0 {
                return PostgresProbe(detail: "signed in; the database has no outbox yet: broadcastd creates it at its first start")
            }
            if version > PostgresSchema.latest {
                return PostgresProbe(failure: .other, detail: "signed in; the outbox's schema is version \(version), newer than "
                                     + "this broadcastd's \(PostgresSchema.latest): upgrade broadcastd on this machine", schemaVersion: version)
            }
            return PostgresProbe(detail: "signed in; outbox schema version \(version)"
                                 + (version < PostgresSchema.latest ? " (broadcastd migrates it to \(PostgresSchema.latest) at start)" : ""),
                                 schemaVersion: version)
        } catch {
            return failure(error, place: place, settings: settings, timeout: timeout)
        }
    }

    private static func connectionConfiguration(_ settings: PostgresOutboxConfiguration,
                                                timeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = try settings.tls.clientTLS.map { .require(try NIOSSLContext(configuration: $0)) }
            ?? .disable
        var configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                             password: settings.password, database: settings.database, tls: tls)
        configuration.options.connectTimeout = .seconds(max(1, timeout.components.seconds))
        return configuration
    }

    /// The cause, from the server's SQLSTATE or the client's error; the server's
    /// own words follow (never its `detail`, and never the password).
    static func failure(_ error: any Error, place: String, settings: PostgresOutboxConfiguration, timeout: Duration) -> PostgresProbe {
        // A statement's failure comes wrapped (with its SQL's first line); a connection's comes bare.
        let (reason, state) = (error as? PostgresOutboxError).map { ($0.description, $0.sqlState) } ?? PostgresOutboxError.reason(error)
        switch state {
        case "28P01", "28000":
            return PostgresProbe(failure: .authentication, detail: "user '\(settings.user)' was not let in (\(reason)); "
                                 + "check the outbox-password secret and the server's pg_hba.conf")
        case "3D000":
            return PostgresProbe(failure: .databaseMissing, detail: "there is no database '\(settings.database)' at \(place); "
                                 + "create it: createdb --owner \(settings.user) \(settings.database)")
        case "42501":
            return PostgresProbe(failure: .permission, detail: "\(reason); grant user '\(settings.user)' the outbox's tables")
        case .some:
            return PostgresProbe(failure: .other, detail: reason)
        case nil:
            break
        }
        let psql = error as? PSQLError
        if psql?.code == .authMechanismRequiresPassword {
            return PostgresProbe(failure: .authentication, detail: "the server asks user '\(settings.user)' for a password; "
                                 + "add 'outbox-password secret:NAME' to the config")
        }
        if psql?.code == .sslUnsupported {
            return PostgresProbe(failure: .tls, detail: "the server at \(place) does not offer TLS; turn on ssl there, "
                                 + "or write sslmode=disable for a database on this machine or a private link")
        }
        // The client's own error says little (PSQLError hides its detail): the cause is underneath.
        let cause = String(describing: psql?.underlying ?? error)
        if psql?.code == .failedToAddSSLHandler || cause.contains("NIOSSL") || cause.contains("handshake") {
            return PostgresProbe(failure: .tls, detail: "TLS with \(place) failed (\(cause)); with sslmode=verify-full the "
                                 + "server's certificate must match the host and chain to a trusted root (update-ca-certificates)")
        }
        if cause.localizedCaseInsensitiveContains("refused") {
            return PostgresProbe(failure: .refused, detail: "nothing accepts connections at \(place); is PostgreSQL running "
                                 + "there, and listening on that address (listen_addresses) and port?")
        }
        if cause.localizedCaseInsensitiveContains("timeout") || cause.localizedCaseInsensitiveContains("timed out") {
            return PostgresProbe(failure: .timedOut, detail: "no answer from \(place) within \(timeout.components.seconds) s; "
                                 + "check the address, the firewall and the network")
        }
        if cause.contains("resolve") || cause.contains("getaddrinfo") {
            return PostgresProbe(failure: .refused, detail: "the host '\(settings.host)' cannot be resolved (\(cause))")
        }
        return PostgresProbe(failure: .other, detail: "\(reason): \(cause)")
    }
}

extension PostgresOutboxConfiguration.TLS {
    /// What `sslmode` asks of the client: nil for none; `require` without checking
    /// the certificate; `verify-full` checking it against the system's roots and the host.
    /// The pool and the probe both take it from here.
    var clientTLS: TLSConfiguration? {
        switch self {
        case .disable:
            return nil
        case .require:
            var context = TLSConfiguration.makeClientConfiguration()
            context.certificateVerification = .none
            return context
        case .verifyFull:
            return .makeClientConfiguration()
        }
    }
}
