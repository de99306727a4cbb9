/// Which broadcasts a control or a query applies to; nil means any.
public struct BroadcastFilter: Hashable, Sendable {
    public var campaign: String?
    public var message: String?
    public var region: String?
    public var channel: String?
    /// Exactly this occurrence.
    public var occurrence: Int64?
    /// Occurrences at or after this instant (a reload cancels only the future).
    public var occurringFrom: Int64?
    /// Broadcasts due strictly before this instant (catch-up skips the missed).
    public var dueBefore: Int64?
    /// Whether anything of it has been leased yet: catch-up skips only
    /// broadcasts that never started, and lets a running one finish.
    public var started: Bool?

    public init(campaign: String? = nil, message: String? = nil, region: String? = nil, channel: String? = nil,
                occurrence: Int64? = nil, occurringFrom: Int64? = nil, dueBefore: Int64? = nil, started: Bool? = nil) {
        self.campaign = campaign
        self.message = message
        self.region = region
        self.channel = channel
        self.occurrence = occurrence
        self.occurringFrom = occurringFrom
        self.dueBefore = dueBefore
        self.started = started
    }

    public static let all = BroadcastFilter()
}
