import CivilDate
import Schedule

/// One firing of one message: a wall-clock time in the campaign zone and the
/// instant it denotes. `instant` is seconds since 1970 UTC, an integer because
/// the outbox stores times as integers and two occurrences compare exactly.
public struct Occurrence: Hashable, Comparable, Sendable {
    public var message: String
    public var local: LocalDateTime
    public var instant: Int64
    /// Seconds east of UTC at that instant, for ISO 8601 output (`+08:00`).
    public var utcOffset: Int

    public init(message: String, local: LocalDateTime, instant: Int64, utcOffset: Int) {
        self.message = message
        self.local = local
        self.instant = instant
        self.utcOffset = utcOffset
    }

    public static func < (lhs: Occurrence, rhs: Occurrence) -> Bool {
        (lhs.instant, lhs.message) < (rhs.instant, rhs.message)
    }
}
