/// One broadcast as `status` shows it.
public struct BroadcastStatus: Hashable, Sendable {
    public var id: Int64
    public var key: BroadcastKey
    public var destination: String
    public var dueAt: Int64
    /// When its first delivery was leased; with `counts.delivered`, the rate so far.
    public var startedAt: Int64?
    /// open, cancelled or skipped: the state its unread recipients are counted in.
    public var state: DeliveryState
    public var reason: String?
    public var paused: Bool
    /// The recipients in its list, nil while a list of unknown length is being read.
    public var total: Int64?
    /// Recipients the cursor has handed out so far.
    public var cursor: Int64
    /// Recipients listed more than once, sent once.
    public var duplicates: Int64
    public var counts: StateCounts
    /// Of `counts.delivered`, the SMS with a delivery report, by handset outcome.
    public var handset = HandsetCounts()

    /// True when `counts` covers every recipient (the list length is known).
    public var isExact: Bool { total != nil }

    public init(id: Int64, key: BroadcastKey, destination: String, dueAt: Int64, startedAt: Int64?, state: DeliveryState, reason: String?, paused: Bool, total: Int64?, cursor: Int64, duplicates: Int64, counts: StateCounts) {
        self.id = id
        self.key = key
        self.destination = destination
        self.dueAt = dueAt
        self.startedAt = startedAt
        self.state = state
        self.reason = reason
        self.paused = paused
        self.total = total
        self.cursor = cursor
        self.duplicates = duplicates
        self.counts = counts
    }
}

/// One occurrence of one message (a "broadcast" as an operator says it) over
/// all its regions, channels and audiences.
public struct OccurrenceStatus: Hashable, Sendable {
    public var campaign: String
    public var message: String
    public var occurrence: Int64
    /// The earliest due time of its parts.
    public var dueAt: Int64
    public var parts: [BroadcastStatus]

    public var counts: StateCounts { parts.reduce(StateCounts()) { $0 + $1.counts } }
    public var handset: HandsetCounts { parts.reduce(HandsetCounts()) { $0 + $1.handset } }
    /// List positions whose number one of its reaches had already handed out.
    public var duplicates: Int64 { parts.reduce(0) { $0 + $1.duplicates } }
    public var isExact: Bool { parts.allSatisfy(\.isExact) }
    public var paused: Bool { !parts.isEmpty && parts.allSatisfy(\.paused) }

    public init(campaign: String, message: String, occurrence: Int64, dueAt: Int64, parts: [BroadcastStatus]) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.dueAt = dueAt
        self.parts = parts
    }
}

extension BroadcastStatus {
    /// Its SMS the gateway accepted that have no delivery report yet: still
    /// `waiting` until `HandsetOutcome.reportWaitSeconds` after it was due,
    /// `unknown` from then on. Webhooks have no reports: both are 0.
    public func unreported(now: Int64) -> (waiting: Int64, unknown: Int64) {
        guard key.channel == "sms" else { return (0, 0) }
        let missing = max(0, counts.delivered - handset.reported)
        return now >= dueAt + HandsetOutcome.reportWaitSeconds ? (0, missing) : (missing, 0)
    }
}

extension OccurrenceStatus {
    /// The parts' `unreported(now:)`, added up.
    public func unreported(now: Int64) -> (waiting: Int64, unknown: Int64) {
        parts.reduce((waiting: Int64(0), unknown: Int64(0))) { sum, part in
            let own = part.unreported(now: now)
            return (sum.waiting + own.waiting, sum.unknown + own.unknown)
        }
    }
}
