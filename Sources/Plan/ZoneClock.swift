import CivilDate
import Foundation
import Schedule

/// Turns wall-clock times in one IANA zone into instants.
///
/// Planning asks for the same few days hundreds of thousands of times, so the
/// zone is consulted twice per calendar day and the answer kept: on a day with
/// no offset change (nearly all of them) a wall time is plain integer arithmetic.
///
/// Daylight saving: a wall time that does not exist (the spring-forward gap)
/// moves forward by the gap, 02:30 → 03:30; a wall time that happens twice
/// (fall back) resolves to the first instant, so it fires once.
public struct ZoneClock: Sendable {
    public let identifier: String
    private let zone: TimeZone
    private var offsetsByDay: [Int: DayOffsets] = [:]

    /// nil when the identifier is not a zone Foundation knows.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    /// The occurrence of `message` at the wall time `local`. Its `local` is the
    /// wall time that really happens, which differs from the one asked for in a gap.
    public mutating func occurrence(of message: String, at local: LocalDateTime) -> Occurrence {
        let (instant, offset) = resolve(local)
        return Occurrence(message: message, local: ZoneClock.wallTime(instant: instant, utcOffset: offset),
                          instant: instant, utcOffset: offset)
    }

    /// The instant a wall time denotes and the zone's offset at that instant.
    public mutating func resolve(_ local: LocalDateTime) -> (instant: Int64, utcOffset: Int) {
        let day = local.date.dayNumber
        let naive = Int64(day) * 86_400 + Int64(local.time.minuteOfDay * 60)
        let offsets = dayOffsets(day)
        if offsets.before == offsets.after {
            return (naive - Int64(offsets.before), offsets.before)
        }
        let early = naive - Int64(offsets.before)
        let late = naive - Int64(offsets.after)
        let earlyExists = offset(at: early) == offsets.before
        let lateExists = offset(at: late) == offsets.after
        switch (earlyExists, lateExists) {
        case (true, true):
            return early < late ? (early, offsets.before) : (late, offsets.after)
        case (true, false):
            return (early, offsets.before)
        case (false, true):
            return (late, offsets.after)
        case (false, false):
            // In the gap: read the time with the offset before the change, which
            // lands as far past the change as the wall time was past its start.
            return (early, offset(at: early))
        }
    }

    /// The wall time at `instant` in a zone `utcOffset` seconds east of UTC.
    public static func wallTime(instant: Int64, utcOffset: Int) -> LocalDateTime {
        let local = instant + Int64(utcOffset)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let minuteOfDay = Int(local - day * 86_400) / 60
        return LocalDateTime(date: LocalDate(dayNumber: Int(day)),
                             time: LocalTime(hour: minuteOfDay / 60, minute: minuteOfDay % 60)!)
    }

    /// Offsets sampled before the earliest and after the latest instant any
    /// wall time of the day can denote (zones lie within -12:00...+14:00).
    private struct DayOffsets: Sendable {
        var before: Int
        var after: Int
    }

    private mutating func dayOffsets(_ day: Int) -> DayOffsets {
        if let known = offsetsByDay[day] { return known }
        let midnight = Int64(day) * 86_400
        let offsets = DayOffsets(before: offset(at: midnight - 15 * 3600),
                                 after: offset(at: midnight + 86_400 + 13 * 3600))
        offsetsByDay[day] = offsets
        return offsets
    }

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }
}
