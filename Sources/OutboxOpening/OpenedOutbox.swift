import Outbox

/// An outbox the opener opened, and what its caller needs to know about it
/// without naming its backend.
public struct OpenedOutbox: Sendable {
    /// Something opening did that the daemon's log should say (a new outbox, an adopted one).
    public struct Notice: Hashable, Sendable {
        public var message: String
        public var metadata: [String: String]
    }

    public let backend: any OutboxBackend
    /// Where it is, for messages and `status`: the SQLite file's path, or the
    /// PostgreSQL URL without any password.
    public let place: String
    /// Whether other daemons may use it at the same time (PostgreSQL). A daemon on a
    /// shared outbox takes no state-folder lock and must not release every lease at
    /// start: the other instances' leases are theirs.
    public let isShared: Bool
    public let notice: Notice?
}

/// Why the outbox could not be opened: where, and the backend's reason, never a password.
public struct OutboxOpenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The SQLite file, or the PostgreSQL URL without its password.
    public var place: String
    public var reason: String
    /// True when there is simply no outbox there yet (`.existing` only).
    public var missing: Bool

    public init(place: String, reason: String, missing: Bool = false) {
        self.place = place
        self.reason = reason
        self.missing = missing
    }

    public var description: String {
        missing ? "no outbox at \(place); \(reason)" : "cannot open the outbox at \(place): \(reason)"
    }
}
