import LineLanguage

/// A daily window in which a channel must stay silent; `end` before `start`
/// means the window crosses midnight (21:30-08:00).
public struct QuietWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: LocalTime
    public var end: LocalTime
    public var channels: Set<Channel>

    public init(start: LocalTime, end: LocalTime, channels: Set<Channel>) {
        self.start = start
        self.end = end
        self.channels = channels
    }

    /// Whether a wall-clock minute falls inside the window: start inclusive, end exclusive.
    public func contains(_ time: LocalTime) -> Bool {
        let minute = time.minuteOfDay
        if start <= end { return minute >= start.minuteOfDay && minute < end.minuteOfDay }
        return minute >= start.minuteOfDay || minute < end.minuteOfDay
    }

    public var description: String { "\(start)-\(end)" }
}

public struct Campaign: Hashable, Sendable {
    public var name: String
    public var title: String
    /// First and last day, both inclusive, whichever of `lasts`/`ends` was written.
    public var starts: LocalDate
    public var ends: LocalDate
    /// An IANA zone identifier such as `Asia/Shanghai`.
    public var timeZone: String
    public var quiet: [QuietWindow]
    /// Put in front of every SMS text, e.g. 【江西公安】.
    public var signature: String?
    public var smsGateway: String?
    public var variables: [String: String]
    public var location: SourceLocation

    public init(name: String, title: String, starts: LocalDate, ends: LocalDate, timeZone: String,
                quiet: [QuietWindow] = [], signature: String? = nil, smsGateway: String? = nil,
                variables: [String: String] = [:], location: SourceLocation) {
        self.name = name
        self.title = title
        self.starts = starts
        self.ends = ends
        self.timeZone = timeZone
        self.quiet = quiet
        self.signature = signature
        self.smsGateway = smsGateway
        self.variables = variables
        self.location = location
    }
}
