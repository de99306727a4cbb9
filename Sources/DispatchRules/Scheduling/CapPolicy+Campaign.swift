import CivilDate
import Outbox
import Plan
import Schedule

extension CapPolicy {
    /// A campaign's `cap` lines as the outbox applies them at `instant`: the
    /// limits per channel, and that instant's civil day and week (Monday to
    /// Sunday) in the campaign's zone. nil when the campaign has no caps.
    package init?(caps: [FrequencyCap], zone: ZoneClock, at instant: Int64) {
        guard !caps.isEmpty else { return nil }
        var limits: [String: Limit] = [:]
        for cap in caps {
            var limit = limits[cap.channel.rawValue, default: Limit()]
            switch cap.period {
            case .day: limit.perDay = cap.count
            case .week: limit.perWeek = cap.count
            }
            limits[cap.channel.rawValue] = limit
        }
        let calendar = CapPolicy.calendarDay(at: instant, utcOffset: zone.offset(at: instant))
        self.init(limits: limits, day: calendar.day, week: calendar.week)
    }

    /// The day number (days since 1970-01-01) of the civil date at `instant` in
    /// a zone `utcOffset` seconds east of UTC, and the day number of that
    /// week's Monday.
    package static func calendarDay(at instant: Int64, utcOffset: Int) -> (day: Int64, week: Int64) {
        let date = ZoneClock.wallTime(instant: instant, utcOffset: utcOffset).date
        let daysSinceMonday = Weekday.allCases.firstIndex(of: date.weekday) ?? 0
        return (Int64(date.dayNumber), Int64(date.dayNumber - daysSinceMonday))
    }
}
