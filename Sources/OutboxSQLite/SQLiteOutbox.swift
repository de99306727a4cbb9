import Outbox

/// The SQLite backend of the outbox seam: one connection, owned by this actor,
/// conforming to every outbox protocol. SQLite connections are not
/// thread-safe, so every service goes through the actor, whose jobs run on a
/// serial queue of its own (`SerialQueueExecutor`); each call is one
/// short transaction (the outbox batches inside), so no service waits long on
/// another. The daemon and `broadcastctl` each open their own and meet in
/// SQLite's WAL; the daemon is the only writer of the hot path (the state
/// folder's lock), which the queries here rely on.
public actor SQLiteOutbox {
    /// Who opens the outbox, which decides what opening may do.
    public enum Access: Hashable, Sendable {
        /// The daemon: the folder's own outbox, created where there never was one,
        /// its integrity and identity checked (`StateFolder`).
        case daemon(now: Int64)
        /// `broadcastctl`: an existing outbox only, never created (a reader must
        /// not leave an empty outbox behind for a daemon pointed elsewhere).
        case existing
    }

    let outbox: OutboxConnection

    /// The connection's calls run on a queue of their own, off the cooperative pool.
    private let executor = SerialQueueExecutor(label: "broadcastd.outbox")

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// What opening for the daemon found: a new outbox, one adopted, or the
    /// folder's own; nil for `.existing`.
    public nonisolated let opening: StateFolder.Opening?

    /// The outbox file's path.
    public nonisolated let path: String

    /// The one way in, for the daemon and `broadcastctl` alike.
    public init(stateDirectory: String, access: Access) throws {
        switch access {
        case .daemon(let now):
            (outbox, opening) = try StateFolder(directory: stateDirectory).open(now: now)
        case .existing:
            outbox = try OutboxConnection(stateDirectory: stateDirectory, create: false)
            opening = nil
        }
        path = outbox.database.path
    }

    /// For tests and benchmarks of this backend: a connection opened elsewhere.
    init(connection: OutboxConnection) {
        outbox = connection
        opening = nil
        path = connection.database.path
    }

    /// The file name inside the configured `state` folder.
    public static let fileName = OutboxConnection.fileName

    func perform<Result: Sendable>(_ body: (OutboxConnection) throws -> Result) throws -> Result {
        try body(outbox)
    }

    /// Moves the WAL into the database file and truncates it, so the file's
    /// size is the outbox's (benchmarks, tests that damage a page).
    public func checkpoint() throws {
        try outbox.checkpoint()
    }
}
