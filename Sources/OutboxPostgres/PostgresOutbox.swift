import Foundation
import Outbox
import PostgresNIO

/// The PostgreSQL backend of the outbox seam: several broadcastd instances
/// share one database. Each call is one transaction on a pooled connection;
/// leases take rows with `FOR UPDATE SKIP LOCKED`, so two instances never
/// hand out the same delivery or read the same list slice, and claims, caps
/// and opt-outs are checked in the transaction that takes the lease.
///
/// Each instance opened for the daemon registers in `instances` and gets a
/// generation: its leases carry it with their owner (fencing), so an
/// instance that lost a lease can never record over the one that took it.
public final class PostgresOutbox: Sendable {
    /// Who opens the outbox, which decides what opening may do (as `SQLiteOutbox.Access`).
    public enum Access: Hashable, Sendable {
        /// The daemon: the schema created or migrated, and an instance registered.
        case daemon(now: Int64)
        /// `broadcastctl`: an outbox that exists, never created or migrated.
        case existing
        /// `broadcastctl outbox copy`: the schema created or migrated, no instance
        /// registered (the copy sends nothing; the daemons register when they start).
        case filling
    }

    let client: PostgresClient
    let logger = Logger(label: "broadcastd.outbox.postgres")
    private let runner: Task<Void, Never>
    /// Whether dropping this value ends the pool (not for the value `open` migrates with).
    private let ownsPool: Bool
    /// This instance's generation (fencing); nil when opened `.existing`.
    public let generation: Int64?
    public let configuration: PostgresOutboxConfiguration

    private init(configuration: PostgresOutboxConfiguration, client: PostgresClient, runner: Task<Void, Never>, generation: Int64?,
                 ownsPool: Bool = true) {
        self.ownsPool = ownsPool
        self.configuration = configuration
        self.client = client
        self.runner = runner
        self.generation = generation
    }

    /// The one way in, for the daemon and `broadcastctl` alike.
    public static func open(_ configuration: PostgresOutboxConfiguration, access: Access) async throws -> PostgresOutbox {
        try await probe(configuration)
        let client = PostgresClient(configuration: try clientConfiguration(configuration))
        let runner = Task { await client.run() }
        do {
            let probe = PostgresOutbox(configuration: configuration, client: client, runner: runner, generation: nil, ownsPool: false)
            var generation: Int64?
            switch access {
            case .daemon(let now):
                try await probe.migrate()
                generation = try await probe.registerInstance(now: now)
            case .existing:
                try await probe.requireSchema()
            case .filling:
                try await probe.migrate()
            }
            return PostgresOutbox(configuration: configuration, client: client, runner: runner, generation: generation)
        } catch {
            runner.cancel()
            throw error
        }
    }

    deinit {
        // Ends the pool and its connections: dropping the outbox is how a crash looks.
        if ownsPool { runner.cancel() }
    }

    private static func clientConfiguration(_ settings: PostgresOutboxConfiguration) throws -> PostgresClient.Configuration {
        let tls = settings.tls.clientTLS.map { PostgresClient.Configuration.TLS.require($0) } ?? .disable
        var configuration = PostgresClient.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                         password: settings.password, database: settings.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 8
        configuration.options.additionalStartupParameters = sessionSettings
        return configuration
    }

    /// Set on every session at its start. An instance cut off in the middle of a
    /// transaction (a partition: its packets lost, no reset) leaves the server
    /// waiting for its next command with the transaction's row locks held, and TCP
    /// alone would keep them for hours; the other instances' takeover of its leases
    /// would wait behind them. The server ends such a session after 20 s of silence
    /// inside a transaction (no transaction of the daemon's waits that long between
    /// two statements), and the locks go with it. The name shows in `pg_stat_activity`.
    static let sessionSettings = [("idle_in_transaction_session_timeout", "20s"), ("application_name", "broadcastd")]

    /// One connection made and closed before the pool starts: the pool retries
    /// a server it cannot reach without failing its callers, so an outbox that
    /// cannot be reached at all would otherwise hang `open` instead of saying why.
    private static func probe(_ settings: PostgresOutboxConfiguration) async throws {
        do {
            let tls = try settings.tls.clientTLS.map { PostgresConnection.Configuration.TLS.require(try NIOSSLContext(configuration: $0)) }
            var configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                                 password: settings.password, database: settings.database,
                                                                 tls: tls ?? .disable)
            configuration.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0,
                                                                  logger: Logger(label: "broadcastd.outbox.postgres"))
            try await connection.close()
        } catch {
            throw PostgresOutboxError("outbox (PostgreSQL) at \(settings.url) cannot be reached: \(PostgresOutboxError.reason(error).0)")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<Result: Sendable>(_ body: (SQLSession) async throws -> Result) async throws -> Result {
        try await session { session in
            try await session.run("BEGIN")
            do {
                let result = try await body(session)
                try await session.run("COMMIT")
                return result
            } catch {
                try? await session.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body`, which must be one statement, on its own: PostgreSQL makes a
    /// single statement a transaction of its own, so wrapping it in BEGIN and
    /// COMMIT would only add two round trips (the dispatcher asks twice a turn).
    func statement<Result: Sendable>(_ body: (SQLSession) async throws -> Result) async throws -> Result {
        try await session(body)
    }

    /// `body` on a pooled connection, with the errors said as the outbox says them.
    private func session<Result: Sendable>(_ body: (SQLSession) async throws -> Result) async throws -> Result {
        do {
            return try await withConnection { connection in
                do {
                    return try await body(SQLSession(connection: connection, logger: logger))
                } catch {
                    throw error is PostgresOutboxError ? error : BodyError(error: error)
                }
            }
        } catch let error as BodyError {
            throw error.error
        } catch let error as PostgresOutboxError {
            throw error
        } catch {
            // Connection and pool errors: PSQLError describes itself without secrets, the pool names its state.
            throw PostgresOutboxError("outbox (PostgreSQL) at \(configuration.url): \(PostgresOutboxError.reason(error).0)")
        }
    }

    /// How long a call waits for a pooled connection. The pool retries a server
    /// that went away (restart, failover, partition) with its own backoff and
    /// keeps its callers waiting meanwhile, without a deadline: this turns that
    /// wait into an error, so the dispatcher keeps its outcomes and tries again
    /// later, the heartbeat says the outbox is gone, a scrape answers, and a
    /// shutdown is not held up by a database that does not answer.
    static let connectionWait = Duration.seconds(5)

    /// `body` on a pooled connection, once one is free within `connectionWait`.
    /// Only the wait is bounded: a statement that has started runs to its end
    /// (a server that goes away closes the connection, which ends it). The wait
    /// and the lease race for one decision (`LeaseRace`), so a body never starts
    /// once the wait gave up, and is never cancelled once it started: a query on
    /// a cancelled task may leave its connection waiting for rows nobody reads.
    private func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withoutActuallyEscaping(body) { body in
            // The group's children end before it returns, so `body` does not outlive this call.
            let work = UncheckedBody(body: body)
            let race = LeaseRace()
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await self.client.withConnection { connection in
                        guard race.lease() else { throw NoConnection() }
                        return try await work.body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.connectionWait)
                    if race.giveUp() { throw NoConnection() }
                    return nil
                }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                preconditionFailure("the connection's task ended without a result or an error")
            }
        }
    }

    /// A read-only snapshot: every query in `body` sees the same committed state.
    func snapshot<Result: Sendable>(_ body: (SQLSession) async throws -> Result) async throws -> Result {
        try await transaction { session in
            try await session.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try await body(session)
        }
    }
}

/// No pooled connection within `PostgresOutbox.connectionWait`.
struct NoConnection: Error, CustomStringConvertible {
    var description: String {
        "no connection within \(PostgresOutbox.connectionWait.components.seconds) s (the server is down or unreachable; the pool keeps reconnecting)"
    }
}

/// Who won, the lease or the wait's deadline: decided once, under a lock.
private final class LeaseRace: @unchecked Sendable {
    private enum State { case waiting, leased, gaveUp }
    private let lock = NSLock()
    private var state = State.waiting

    /// True when the body may run: the deadline had not given up yet.
    func lease() -> Bool {
        lock.withLock {
            guard state == .waiting else { return false }
            state = .leased
            return true
        }
    }

    /// True when the wait gives up: no connection was leased by the deadline.
    func giveUp() -> Bool {
        lock.withLock {
            guard state == .waiting else { return false }
            state = .gaveUp
            return true
        }
    }
}

/// A transaction's body, carried into the task group that bounds the wait for
/// its connection; it runs once, inside the call that received it.
private struct UncheckedBody<Result>: @unchecked Sendable {
    let body: (PostgresConnection) async throws -> Result
}

/// What a transaction's body threw (a list that cannot be read, a refusal),
/// carried past the client's error mapping and thrown unchanged.
private struct BodyError: Error {
    var error: any Error
}
