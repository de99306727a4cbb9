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
    /// A delivered SMS's delivery report: the handset outcome; nil without a report (or a backend that keeps none).
    public var handset: HandsetOutcome? = nil
    /// The SMSC's error code in that report (`err:`), if it gave one.
    public var smscError: String? = nil

    public init(id: Int64, key: DeliveryKey, destination: String, at: Int64, outcome: DeliveryState, httpStatus: Int?, latencyMilliseconds: Int64?, reason: String?, gatewayMessageID: String?) {
        self.id = id
        self.key = key
        self.destination = destination
        self.at = at
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.reason = reason
        self.gatewayMessageID = gatewayMessageID
    }
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
