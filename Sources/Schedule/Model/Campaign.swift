import CivilDate
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
    /// The calling code of numbers listed without one (`country CN`).
    public var country: CallingCode
    /// `optout FILE`: numbers that never get SMS, in the format of a recipient list.
    public var optOutList: OptOutList?
    /// `malformed-numbers N`: how many malformed lines one recipient list may
    /// have and still run (each a warning); one more makes them errors.
    public var malformedNumbersTolerated: Int
    /// `cap CHANNEL N per day|week` lines.
    public var caps: [FrequencyCap]
    public var location: SourceLocation

    public init(name: String, title: String, starts: LocalDate, ends: LocalDate, timeZone: String,
                quiet: [QuietWindow] = [], signature: String? = nil, smsGateway: String? = nil,
                variables: [String: String] = [:], country: CallingCode = .china, optOutList: OptOutList? = nil,
                malformedNumbersTolerated: Int = 0, caps: [FrequencyCap] = [], location: SourceLocation) {
        self.name = name
        self.title = title
        self.starts = starts
        self.ends = ends
        self.timeZone = timeZone
        self.quiet = quiet
        self.signature = signature
        self.smsGateway = smsGateway
        self.variables = variables
        self.country = country
        self.optOutList = optOutList
        self.malformedNumbersTolerated = malformedNumbersTolerated
        self.caps = caps
        self.location = location
    }
}

/// The campaign's `optout FILE`.
public struct OptOutList: Hashable, Sendable {
    /// As written in the schedule.
    public var path: String
    /// Resolved against the directory of the file that names it.
    public var resolvedPath: String
    public var location: SourceLocation

    public init(path: String, resolvedPath: String, location: SourceLocation) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.location = location
    }
}
