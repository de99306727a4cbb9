import Outbox

/// The daemon's one connection to the outbox. SQLite connections are not
/// thread-safe, so every service goes through this actor; each call is one short
/// transaction (the outbox batches inside), so no service waits long on another.
public actor OutboxStore {
    private let outbox: Outbox

    /// What opening found: a new outbox, one adopted, or the folder's own.
    public nonisolated let opening: StateFolder.Opening

    /// Opens the folder's own outbox, or creates one where there never was one
    /// (`StateFolder`); refuses anything else.
    public init(stateDirectory: String, now: Int64) throws {
        (outbox, opening) = try StateFolder(directory: stateDirectory).open(now: now)
    }

    public func perform<Result: Sendable>(_ body: (Outbox) throws -> Result) throws -> Result {
        try body(outbox)
    }
}
