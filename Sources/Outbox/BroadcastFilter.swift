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

    /// A condition on the broadcasts table aliased `b`, using ?1 … ?8; queries
    /// number their own parameters from ?9. One fixed text per query keeps the
    /// statement cacheable whatever the filter holds.
    static let condition = """
        (?1 IS NULL OR b.campaign = ?1) AND (?2 IS NULL OR b.message = ?2) AND (?3 IS NULL OR b.region = ?3) \
        AND (?4 IS NULL OR b.channel = ?4) AND (?5 IS NULL OR b.occurrence = ?5) \
        AND (?6 IS NULL OR b.occurrence >= ?6) AND (?7 IS NULL OR b.due_at < ?7) \
        AND (?8 IS NULL OR (b.started_at IS NOT NULL) = ?8)
        """

    var bindings: [any SQLBindable] {
        [campaign, message, region, channel, occurrence, occurringFrom, dueBefore, started]
    }
}

extension BroadcastFilter {
    /// A condition, on broadcasts aliased `b`, that no pause covers them.
    static let notPaused = """
        NOT EXISTS (SELECT 1 FROM pauses p WHERE p.campaign = b.campaign AND p.message IN ('', b.message))
        """
}
