/// What became of one leased delivery, as the delivery layer reports it.
public struct Outcome: Hashable, Sendable {
    public enum Result: Hashable, Sendable {
        /// The gateway took it; its message id when it gave one.
        case delivered(gatewayMessageID: String?)
        /// Try again at `at` (seconds since 1970 UTC).
        case retry(at: Int64, reason: String)
        /// Give up: it will not succeed as it is.
        case dead(reason: String)
        /// Not sent on purpose (opted out, capped).
        case skipped(SkipReason)

        public var state: DeliveryState {
            switch self {
            case .delivered: return .delivered
            case .retry: return .retrying
            case .dead: return .dead
            case .skipped: return .skipped
            }
        }

        public var reason: String? {
            switch self {
            case .delivered: return nil
            case .retry(_, let reason), .dead(let reason): return reason
            case .skipped(let reason): return reason.rawValue
            }
        }

        /// Whether an HTTP transfer was made, so the attempt counts.
        public var wasAttempted: Bool {
            if case .skipped = self { return false }
            return true
        }
    }

    /// The leased delivery's id (`Lease.id`).
    public var delivery: Int64
    public var result: Result
    /// When the attempt ended, seconds since 1970 UTC.
    public var at: Int64
    public var httpStatus: Int?
    public var latencyMilliseconds: Int64?
    /// The gateway that carried the attempt when the broadcast names a route
    /// (nil: the broadcast's own destination). The per-destination counts
    /// that `status` shows go to it, so a route's gateways are counted apart.
    public var gateway: String?
    /// The route's gateways this delivery failed over from before `gateway`,
    /// in order. `record` counts the failover on both ends (each of these and
    /// `gateway`) in the same transaction as the outcome, so `status` shows it.
    public var failedOverFrom: [String]

    public init(delivery: Int64, result: Result, at: Int64, httpStatus: Int? = nil, latencyMilliseconds: Int64? = nil,
                gateway: String? = nil, failedOverFrom: [String] = []) {
        self.delivery = delivery
        self.result = result
        self.at = at
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.gateway = gateway
        self.failedOverFrom = failedOverFrom
    }
}

/// What `record` did with a batch of outcomes.
public struct RecordSummary: Hashable, Sendable {
    public var applied: Int = 0
    /// Outcomes for deliveries that were not this owner's lease any more, or
    /// whose state cannot move that way (already delivered, cancelled, …).
    public var refused: [Int64] = []

    public init(applied: Int = 0, refused: [Int64] = []) {
        self.applied = applied
        self.refused = refused
    }
}

/// What one batch of outcomes adds to a destination's lifetime counters, as
/// both backends' `record` sum them before one write per destination.
package struct DestinationTally: Hashable, Sendable {
    package var delivered: Int64 = 0
    package var failed: Int64 = 0
    package var failedOverFrom: Int64 = 0
    package var failedOverTo: Int64 = 0

    package init() {}

    /// Counts `outcome` for the gateway that carried it (the failover that
    /// brought it there included); the gateways it left count `failedOverFrom`.
    package mutating func add(_ outcome: Outcome) {
        switch outcome.result {
        case .delivered: delivered += 1
        case .retry, .dead: failed += 1
        case .skipped: break
        }
        if !outcome.failedOverFrom.isEmpty { failedOverTo += 1 }
    }
}
