/// One broadcast as `status` shows it.
public struct BroadcastStatus: Hashable, Sendable {
    public var id: Int64
    public var key: BroadcastKey
    public var destination: String
    public var dueAt: Int64
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

    /// True when `counts` covers every recipient (the list length is known).
    public var isExact: Bool { total != nil }
}

/// One row of the delivery log: an attempt and what it led to.
public struct LogEntry: Hashable, Sendable {
    public var id: Int64
    public var key: DeliveryKey
    public var destination: String
    public var at: Int64
    public var outcome: DeliveryState
    public var httpStatus: Int?
    public var latencyMilliseconds: Int64?
    public var reason: String?
    public var gatewayMessageID: String?
}

/// Which log entries `log` returns, newest first.
public struct LogQuery: Hashable, Sendable {
    public var campaign: String?
    public var message: String?
    public var region: String?
    public var channel: String?
    public var outcome: DeliveryState?
    public var since: Int64?
    public var limit: Int

    public init(campaign: String? = nil, message: String? = nil, region: String? = nil, channel: String? = nil,
                outcome: DeliveryState? = nil, since: Int64? = nil, limit: Int = 100) {
        self.campaign = campaign
        self.message = message
        self.region = region
        self.channel = channel
        self.outcome = outcome
        self.since = since
        self.limit = limit
    }
}
