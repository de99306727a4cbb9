/// The operator's levers (`broadcastctl pause`, `resume`, `cancel`, `retry`).
/// Each call is one unit of work and returns what it changed; the running
/// daemon sees the change at its next lease.
public protocol ControlOutbox: Sendable {
    /// Stops leasing a message's deliveries, or the whole campaign's when
    /// `message` is nil, including broadcasts enqueued later. In-flight sends
    /// finish. Returns false when it was already paused.
    func pause(campaign: String, message: String?, now: Int64) async throws -> Bool
    /// Returns false when it was not paused.
    func resume(campaign: String, message: String?) async throws -> Bool
    /// A pause narrowed to a region or a range of occurrences (or not): leasing
    /// skips the broadcasts it covers, also those enqueued later. False when it was already in force.
    func pause(_ pause: Pause, now: Int64) async throws -> Bool
    /// Lifts the pauses of `pause.campaign` and `pause.message` with the same
    /// region and range; a nil region or bound lifts them whatever theirs. Returns how many.
    func resume(_ pause: Pause) async throws -> Int
    /// Pauses in force, by campaign and message.
    func pauses() async throws -> [Pause]
    /// Cancels what has not been sent; delivered, dead and in-flight deliveries stay.
    func cancel(_ filter: BroadcastFilter, reason: String) async throws -> ControlChange
    /// Makes dead deliveries of open broadcasts due again at `now`; returns how many.
    func retryDead(_ filter: BroadcastFilter, now: Int64) async throws -> Int
    /// Makes deliveries of open broadcasts that wait out a retry backoff due at
    /// `now` (after a gateway came back); returns how many. Each keeps its count
    /// of attempts, so the retry policy's limit still holds.
    func retryWaiting(_ filter: BroadcastFilter, now: Int64) async throws -> Int
    /// Broadcasts held because their list changed read it again from its start;
    /// those whose reach the outbox no longer knows whole are refused.
    func restartList(_ filter: BroadcastFilter) async throws -> (restarted: Int, refused: Int)
    /// What a control aimed at `filter` would find, read in one snapshot.
    func controlScope(_ filter: BroadcastFilter) async throws -> ControlScope
    /// Campaigns with broadcasts, by name.
    func campaigns() async throws -> [String]
    /// A campaign's messages with broadcasts, by name.
    func messages(campaign: String) async throws -> [String]

    /// Records decisions to cancel occurrences not yet enqueued: `enqueue`
    /// puts each matching broadcast in as cancelled. Returns how many were new.
    func cancelAhead(_ cancels: [CancelAhead], now: Int64) async throws -> Int
    /// The decisions `cancelAhead` recorded for a campaign, by occurrence.
    func cancelsAhead(campaign: String) async throws -> [CancelAhead]
    /// Reopens broadcasts skipped as missed while down, to be sent on purpose
    /// at once (their planned time has passed), marked started at `now`; the
    /// outbox's keys still send each person one copy.
    func sendMissed(_ filter: BroadcastFilter, now: Int64) async throws -> ControlChange
    /// Keeps the record of one control.
    func recordControl(_ record: ControlRecord) async throws
    /// The latest records of controls, newest first.
    func controlRecords(limit: Int) async throws -> [ControlRecord]
}

/// A pause in force; `message` nil when the whole campaign is paused. A pause
/// may be narrowed to one region and to occurrences with `from <= occurrence < until`.
public struct Pause: Hashable, Sendable {
    public var campaign: String
    public var message: String?
    public var region: String?
    public var from: Int64?
    public var until: Int64?

    public init(campaign: String, message: String?, region: String? = nil, from: Int64? = nil, until: Int64? = nil) {
        self.campaign = campaign
        self.message = message
        self.region = region
        self.from = from
        self.until = until
    }

    /// Whether it holds the occurrence `instant` of `message` in `region` (nil: the region does not matter).
    public func covers(campaign: String, message: String, region: String? = nil, occurrence instant: Int64) -> Bool {
        self.campaign == campaign && (self.message == nil || self.message == message)
            && (self.region == nil || self.region == region) && instant >= (from ?? .min) && instant < (until ?? .max)
    }
}

public struct ControlChange: Hashable, Sendable {
    /// Broadcasts whose own state changed (their unread recipients follow them).
    public var broadcasts: Int = 0
    /// Stored deliveries whose state changed.
    public var deliveries: Int = 0

    public var isEmpty: Bool { broadcasts == 0 && deliveries == 0 }

    public init(broadcasts: Int = 0, deliveries: Int = 0) {
        self.broadcasts = broadcasts
        self.deliveries = deliveries
    }
}

public struct ControlScope: Hashable, Sendable {
    /// Broadcasts matching, whatever their state.
    public var broadcasts: Int64 = 0
    /// Of those, the open ones (neither cancelled nor skipped).
    public var openBroadcasts: Int64 = 0
    /// Deliveries of open broadcasts not yet sent: pending, retrying and unread positions.
    public var waiting: Int64 = 0
    public var inFlight: Int64 = 0
    /// Dead deliveries of open broadcasts: what `retryDead` would bring back.
    public var dead: Int64 = 0
    /// Open broadcasts whose list length is still unknown: `waiting` is then a lower bound.
    public var unknownLengths: Int64 = 0
    /// The occurrences (what an operator calls a broadcast: `status` shows one per
    /// message and time) those broadcasts, its parts, belong to, and those with an open part.
    public var occurrences: Int64 = 0
    public var openOccurrences: Int64 = 0

    public init(broadcasts: Int64 = 0, openBroadcasts: Int64 = 0, waiting: Int64 = 0, inFlight: Int64 = 0,
                dead: Int64 = 0, unknownLengths: Int64 = 0) {
        self.broadcasts = broadcasts
        self.openBroadcasts = openBroadcasts
        self.waiting = waiting
        self.inFlight = inFlight
        self.dead = dead
        self.unknownLengths = unknownLengths
    }
}
