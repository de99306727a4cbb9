import LineLanguage

/// `cap sms 2 per day`: at most `count` sends to one recipient on `channel`
/// per calendar day or week (Monday to Sunday) in the campaign's time zone.
/// The schedule only states the cap; the daemon enforces it.
public struct FrequencyCap: Hashable, Sendable, CustomStringConvertible {
    public enum Period: String, Hashable, Sendable, CaseIterable {
        case day, week
    }

    public var channel: Channel
    public var count: Int
    public var period: Period
    public var location: SourceLocation

    public init(channel: Channel, count: Int, period: Period, location: SourceLocation) {
        self.channel = channel
        self.count = count
        self.period = period
        self.location = location
    }

    public var description: String { "\(channel.rawValue) \(count) per \(period.rawValue)" }
}
