import Outbox

/// The daemon's one connection to the outbox. SQLite connections are not
/// thread-safe, so every service goes through this actor; each call is one short
/// transaction (the outbox batches inside), so no service waits long on another.
public actor OutboxStore {
    private let outbox: Outbox

    public init(stateDirectory: String) throws {
        outbox = try Outbox(stateDirectory: stateDirectory)
    }

    public func perform<Result: Sendable>(_ body: (Outbox) throws -> Result) throws -> Result {
        try body(outbox)
    }
}
