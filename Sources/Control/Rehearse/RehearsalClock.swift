import CivilDate
import Plan
import Rehearsal

/// Instants of a rehearsal as its campaigns' zones read them: the wall time
/// for the text report, ISO 8601 with the offset for the JSON lines.
struct RehearsalClock {
    private var zones: [String: ZoneClock] = [:]

    mutating func offset(_ instant: Int64, zone: String) -> Int {
        if zones[zone] == nil { zones[zone] = ZoneClock(identifier: zone) }
        return zones[zone]?.offset(at: instant) ?? 0
    }

    mutating func wall(_ instant: Int64, zone: String) -> String {
        CivilTime.wallTime(secondsSince1970: instant, utcOffset: offset(instant, zone: zone))
    }

    /// The wall time, without the date when it is `day`.
    mutating func wall(_ instant: Int64, zone: String, sameDayAs day: LocalDate) -> String {
        let text = wall(instant, zone: zone)
        return text.hasPrefix(day.description + " ") ? String(text.dropFirst(11)) : text
    }

    mutating func iso8601(_ instant: Int64, zone: String) -> String {
        CivilTime.iso8601(secondsSince1970: instant, utcOffset: offset(instant, zone: zone), utc: "+00:00")
    }

}
