/// What the dispatcher needs from the outbox: its hot path, and nothing else.
/// Each call is one unit of work (one transaction in the SQLite backend), so a
/// caller never assembles transactions of its own, and a backend is free to
/// keep its single-writer or row-locking assumptions to itself.
public protocol DispatchOutbox: Sendable {
    /// The destinations with a delivery due at `now`, in name order. The
    /// dispatcher asks for `now` plus its lease horizon to lease ahead.
    func dueDestinations(now: Int64) async throws -> [String]

    /// The earliest instant at which something becomes due, if anything waits.
    func nextDueTime() async throws -> Int64?

    /// Records `outcomes` (may be empty) and takes the leases `request` asks
    /// for in one unit of work: both or neither. One commit instead of two, and
    /// the pages both touch are written once.
    func recordAndLease(_ outcomes: [Outcome], _ request: LeaseRequest) async throws -> RecordAndLease

    /// Records outcomes that no lease takes along.
    func record(_ outcomes: [Outcome], owner: String) async throws -> RecordSummary

    /// Gives back every lease `owner` holds (at a graceful stop); returns how many.
    func releaseLeases(owner: String) async throws -> Int

    /// What `broadcastctl status` shows as each destination's current limit.
    /// `rates` names every destination the daemon serves: any other is marked
    /// as not served since `now` (a reload removed it; its deliveries wait)
    /// until it is published again.
    func publishRates(_ rates: [DestinationRate], now: Int64) async throws
}

/// What one `recordAndLease` asks for: up to `limit` deliveries of one
/// campaign to one destination, fresh ones read through `source`, each counted
/// against `caps` at its first lease, and no more than `sharedRate` lets the
/// destination start across every instance on the outbox.
public struct LeaseRequest: Sendable {
    public var now: Int64
    public var limit: Int
    public var owner: String
    public var leaseSeconds: Int64
    public var destination: String
    public var campaign: String
    public var source: any RecipientSource & Sendable
    public var caps: CapPolicy?
    /// The destination's token buckets (`rate … burst …`), to hold across
    /// instances sharing the outbox; empty: not limited, or not shareable (a
    /// route, whose gateway is chosen after the lease). A backend that serves
    /// one instance only may ignore it: the dispatcher's own limiter holds it.
    public var sharedRate: [SharedRateBucket]
    /// Lease what is due by this instant (not before `now`) instead of by
    /// `now`, for a caller that holds each lease until its `Lease.due`. The
    /// lease's expiry, the caps' day and the skips' times stay at `now`. nil:
    /// `now`. The daemon's dispatcher leases only what is due (a horizon was
    /// measured and dropped, Benchmarks/RESULTS.md); both backends keep it,
    /// conformance-tested.
    public var dueBy: Int64?

    /// The instant the due filters compare with.
    public var dueLimit: Int64 { max(now, dueBy ?? now) }

    public init(now: Int64, limit: Int, owner: String, leaseSeconds: Int64, destination: String, campaign: String,
                source: any RecipientSource & Sendable, caps: CapPolicy?, sharedRate: [SharedRateBucket] = [],
                dueBy: Int64? = nil) {
        self.now = now
        self.limit = limit
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.destination = destination
        self.campaign = campaign
        self.source = source
        self.caps = caps
        self.sharedRate = sharedRate
        self.dueBy = dueBy
    }
}

/// One token bucket of a destination's rate, as `LeaseRequest.sharedRate`
/// carries it: `perSecond` tokens refill, at most `burst` wait.
public struct SharedRateBucket: Hashable, Sendable {
    public var perSecond: Double
    public var burst: Int

    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = burst
    }
}

/// The result of `recordAndLease`: what recording found (nil when there was
/// nothing to record) and the leases taken.
public struct RecordAndLease: Sendable {
    public var recorded: RecordSummary?
    public var batch: LeaseBatch

    public init(recorded: RecordSummary?, batch: LeaseBatch) {
        self.recorded = recorded
        self.batch = batch
    }
}

/// One destination's current rate limit, as the dispatcher paces it.
public struct DestinationRate: Hashable, Sendable {
    public var name: String
    public var channel: String
    /// nil: not limited.
    public var perSecond: Double?

    public init(name: String, channel: String, perSecond: Double?) {
        self.name = name
        self.channel = channel
        self.perSecond = perSecond
    }
}
