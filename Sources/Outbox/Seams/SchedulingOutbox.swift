/// What the scheduler and the reloader need: occurrences in, and the outbox
/// brought in line with an edited schedule. Each call is one unit of work.
public protocol SchedulingOutbox: Sendable {
    /// Puts `broadcasts` into the outbox and closes the occurrences `missed`
    /// names as skipped (`missed while down`), in one unit of work. A broadcast
    /// already there (same key) is left as it was, so enqueueing an occurrence
    /// again after a crash or a reload never makes a second delivery.
    func enqueue(_ broadcasts: [NewBroadcast], closingMissed missed: [BroadcastFilter], now: Int64) async throws -> EnqueueResult

    /// Cancels the open broadcasts of messages the campaign no longer has and
    /// gives the changed texts to deliveries not sent yet, in one unit of work.
    func applyScheduleChange(_ change: ScheduleChange) async throws
}

extension SchedulingOutbox {
    @discardableResult
    public func enqueue(_ broadcasts: [NewBroadcast], now: Int64) async throws -> EnqueueSummary {
        try await enqueue(broadcasts, closingMissed: [], now: now).summary
    }
}

public struct EnqueueSummary: Hashable, Sendable {
    /// Broadcasts new to the outbox; the others were already there and left as they were.
    public var broadcasts: Int = 0
    /// Delivery rows written for inline recipients.
    public var deliveries: Int = 0

    public init(broadcasts: Int = 0, deliveries: Int = 0) {
        self.broadcasts = broadcasts
        self.deliveries = deliveries
    }
}

/// What `enqueue(_:closingMissed:now:)` did.
public struct EnqueueResult: Hashable, Sendable {
    public var summary: EnqueueSummary
    /// The filters of `missed` that closed at least one broadcast: every start
    /// offers all past occurrences again, and only these are news.
    public var closedMissed: [BroadcastFilter]

    public init(summary: EnqueueSummary, closedMissed: [BroadcastFilter]) {
        self.summary = summary
        self.closedMissed = closedMissed
    }
}

/// One campaign after a reload, as the outbox must follow it.
public struct ScheduleChange: Hashable, Sendable {
    public var campaign: String
    /// The messages the campaign still has (empty: the campaign is gone); open
    /// broadcasts of any other message are cancelled with `cancelReason`.
    public var messages: Set<String>
    public var cancelReason: String
    /// New texts for deliveries not sent yet.
    public var texts: [TextChange]

    public init(campaign: String, messages: Set<String>, cancelReason: String, texts: [TextChange]) {
        self.campaign = campaign
        self.messages = messages
        self.cancelReason = cancelReason
        self.texts = texts
    }
}

/// The text the broadcasts matching `filter` send from now on.
public struct TextChange: Hashable, Sendable {
    public var filter: BroadcastFilter
    public var text: String

    public init(filter: BroadcastFilter, text: String) {
        self.filter = filter
        self.text = text
    }
}
