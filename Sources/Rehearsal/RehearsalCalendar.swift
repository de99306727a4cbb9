import CivilDate
import Schedule

/// The rehearsed quarter day by day, for the pictures (`rehearse`'s terminal
/// calendar and its HTML report): what the gateways carried each day, how
/// close the busiest came to what it can carry, and the days a planner must
/// look at. Weeks run Monday to Sunday, from the week of the first occurrence
/// to the week of the last send.
public struct RehearsalCalendar: Sendable {
    public struct Day: Sendable {
        public var date: LocalDate
        /// Sends handed to gateways that day (retries included), SMS only.
        public var sends: Int
        /// The busiest gateway's share of what it can carry that day outside quiet hours (0…1).
        public var load: Double
        /// Sends of an occurrence of an earlier day spilled into this one.
        public var spill: Bool
        /// People were skipped as capped in an occurrence of this day.
        public var capped: Bool
        /// A gateway carried at least `Self.overloadShare` of what it can.
        public var overloaded: Bool { load >= RehearsalCalendar.overloadShare }
        /// Outside the rehearsed days (the first week before the first occurrence, the last after the last send).
        public var outside: Bool
    }

    /// A gateway this busy is the bottleneck: the day's sends wait for it.
    public static let overloadShare = 0.9

    /// Whole weeks, Monday first.
    public var weeks: [[Day]]
    /// The largest day's sends, for scaling a picture.
    public var peak: Int

    public init(_ rehearsal: Rehearsal) {
        var sends: [LocalDate: Int] = [:]
        var load: [LocalDate: Double] = [:]
        for day in rehearsal.days {
            sends[day.date, default: 0] += day.sends
            load[day.date] = max(load[day.date] ?? 0, day.utilisation)
        }
        var spill = Set<LocalDate>()
        var capped = Set<LocalDate>()
        for row in rehearsal.rows {
            spill.formUnion(row.spillDays)
            if row.capped > 0 { capped.insert(row.occurrence.local.date) }
        }
        let dates = Array(sends.keys) + rehearsal.rows.map(\.occurrence.local.date)
        guard let first = dates.min(), let last = dates.max() else {
            weeks = []
            peak = 0
            return
        }
        let monday = first.adding(days: -first.weekday.mondayBasedIndex)
        let sunday = last.adding(days: 6 - last.weekday.mondayBasedIndex)
        var weeks: [[Day]] = []
        var date = monday
        while date <= sunday {
            weeks.append((0..<7).map { offset in
                let day = date.adding(days: offset)
                return Day(date: day, sends: sends[day] ?? 0, load: load[day] ?? 0, spill: spill.contains(day),
                           capped: capped.contains(day), outside: day < first || day > last)
            })
            date = date.adding(days: 7)
        }
        self.weeks = weeks
        peak = sends.values.max() ?? 0
    }
}
