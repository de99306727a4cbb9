/// What the daemon writes about itself for `status` to read: `broadcastctl`
/// runs in another process and may run while the daemon is down.
public struct DaemonRecord: Hashable, Sendable {
    public var pid: Int32
    public var startedAt: Int64
    /// Set on a graceful stop; nil while running or after a crash (see `heartbeatAt`).
    public var stoppedAt: Int64?
    public var heartbeatAt: Int64
    public var lastReloadAt: Int64?
    /// nil before the first reload.
    public var lastReloadSucceeded: Bool?
    public var lastReloadError: String?
    /// What the last reload that applied changed, in one line; nil after a failed one.
    public var lastReloadChanges: String? = nil
    /// When the running daemon's emergency stop (SIGUSR1) was engaged; nil when it is not.
    public var emergencyStopAt: Int64? = nil

    public init(pid: Int32, startedAt: Int64, stoppedAt: Int64?, heartbeatAt: Int64, lastReloadAt: Int64?,
                lastReloadSucceeded: Bool?, lastReloadError: String?, emergencyStopAt: Int64? = nil) {
        self.pid = pid
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
        self.heartbeatAt = heartbeatAt
        self.lastReloadAt = lastReloadAt
        self.lastReloadSucceeded = lastReloadSucceeded
        self.lastReloadError = lastReloadError
        self.emergencyStopAt = emergencyStopAt
    }
}

/// A gateway or endpoint as the delivery layer last described it, with the
/// outcome counters `record` keeps.
public struct DestinationRecord: Hashable, Sendable {
    public var name: String
    public var channel: String
    public var ratePerSecond: Double?
    /// Share of recent attempts that failed, 0…1.
    public var errorRate: Double?
    public var updatedAt: Int64?
    public var delivered: Int64
    public var failed: Int64
    /// Recorded deliveries of a route that failed over away from this gateway,
    /// and that failed over to it and ended here.
    public var failedOverFrom: Int64
    public var failedOverTo: Int64
    /// Since when the daemon has not served it (a reload removed it from
    /// broadcastd.conf); nil while it is served. Its deliveries wait for it.
    public var unservedSince: Int64?

    public init(name: String, channel: String, ratePerSecond: Double?, errorRate: Double?, updatedAt: Int64?,
                delivered: Int64, failed: Int64, failedOverFrom: Int64 = 0, failedOverTo: Int64 = 0) {
        self.name = name
        self.channel = channel
        self.ratePerSecond = ratePerSecond
        self.errorRate = errorRate
        self.updatedAt = updatedAt
        self.delivered = delivered
        self.failed = failed
        self.failedOverFrom = failedOverFrom
        self.failedOverTo = failedOverTo
    }
}
