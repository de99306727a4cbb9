/// How the dispatcher leases: its owner name, how long a lease holds, the
/// shutdown grace, and the batch per destination and turn. The daemon's
/// `DispatchService` and the rehearsal run the machine with the same settings,
/// but for leasing ahead, which only saves the daemon the time its outbox calls
/// take (the rehearsal's take none).
public struct DispatchSettings: Sendable {
    public var owner: String
    public var leaseSeconds: Int64 = 300
    public var shutdownGrace: Double = 10
    /// Leases taken per destination per turn of the loop, at most.
    public var batch = 256
    /// Leases a destination may hold waiting beyond what it may start now
    /// (at most four times its concurrency and 10 ms of its rate), started as its transfers end, even
    /// while the next outbox call is still running. An outbox across the
    /// network (PostgreSQL) answers a turn in milliseconds of round trips, and
    /// SQLite's lease of a burst of one-number broadcasts takes as long;
    /// without leases waiting, the gateway idles through each of them.
    /// 0: lease only what may start at once (the rehearsal).
    public var leaseAhead = 0

    public init(owner: String, shutdownGrace: Double = 10, leaseSeconds: Int64 = 300) {
        self.owner = owner
        self.shutdownGrace = shutdownGrace
        self.leaseSeconds = leaseSeconds
    }
}
