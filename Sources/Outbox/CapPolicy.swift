/// The frequency caps of one campaign at one moment, as the outbox applies them
/// when leasing: at most `perDay` / `perWeek` sends to one recipient on a
/// channel, counted per (campaign, channel) across all its broadcasts.
///
/// The outbox knows no time zones: the daemon names today's civil day and this
/// week's Monday in the campaign's zone as day numbers (days since 1970-01-01),
/// and the outbox only compares them with what it stored.
public struct CapPolicy: Hashable, Sendable {
    public struct Limit: Hashable, Sendable {
        public var perDay: Int?
        public var perWeek: Int?

        public init(perDay: Int? = nil, perWeek: Int? = nil) {
            self.perDay = perDay
            self.perWeek = perWeek
        }

        var isEmpty: Bool { perDay == nil && perWeek == nil }
    }

    /// Limits by channel name (`sms`, `webhook`); a channel not listed is not capped.
    public var limits: [String: Limit]
    /// Today's day number in the campaign's zone.
    public var day: Int64
    /// The day number of this week's Monday in the campaign's zone.
    public var week: Int64

    public init(limits: [String: Limit], day: Int64, week: Int64) {
        self.limits = limits.filter { !$0.value.isEmpty }
        self.day = day
        self.week = week
    }

    public func limit(for channel: String) -> Limit? {
        limits[channel]
    }
}
