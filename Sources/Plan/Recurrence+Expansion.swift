import CivilDate
import Schedule

extension Recurrence {
    /// Every wall time this rule names inside `window`, in no particular order.
    /// Loops run over the window's days or the rule's own list, never open-ended,
    /// so a nonsensical rule (every 0 days, day 40 of the month) yields nothing.
    func wallTimes(in window: MessageWindow, into times: inout [LocalDateTime]) {
        guard !window.isEmpty else { return }
        switch self {
        case .at(let moments):
            times.append(contentsOf: moments.filter { window.contains(day: $0.date.dayNumber) })
        case .daily(let clockTimes):
            for day in window.first...window.last where window.contains(day: day) {
                let date = LocalDate(dayNumber: day)
                for time in clockTimes { times.append(LocalDateTime(date: date, time: time)) }
            }
        case .weekly(let weekdays, let clockTimes):
            let mask = weekdays.reduce(0) { $0 | 1 << $1.mondayBasedIndex }
            for day in window.first...window.last where mask & 1 << Weekday.mondayBasedIndex(ofDay: day) != 0 {
                guard window.contains(day: day) else { continue }
                let date = LocalDate(dayNumber: day)
                for time in clockTimes { times.append(LocalDateTime(date: date, time: time)) }
            }
        case .everyNDays(let interval, let clockTimes):
            guard interval > 0 else { return }
            appendStepping(from: window.anchor, by: interval, at: clockTimes, in: window, into: &times)
        case .everyNWeeks(let interval, let weekday, let clockTimes):
            guard interval > 0 else { return }
            let shift = (weekday.mondayBasedIndex - Weekday.mondayBasedIndex(ofDay: window.anchor) + 7) % 7
            appendStepping(from: window.anchor + shift, by: 7 * interval, at: clockTimes, in: window, into: &times)
        case .monthly(let days, let clockTimes):
            let daysOfMonth = Set(days.filter { (1...31).contains($0) }).sorted()
            let firstDate = LocalDate(dayNumber: window.first)
            let lastDate = LocalDate(dayNumber: window.last)
            var month = firstDate.year * 12 + firstDate.month - 1
            while month <= lastDate.year * 12 + lastDate.month - 1 {
                for dayOfMonth in daysOfMonth {
                    guard let date = LocalDate(year: month / 12, month: month % 12 + 1, day: dayOfMonth) else { continue }
                    guard window.contains(day: date.dayNumber) else { continue }
                    for time in clockTimes { times.append(LocalDateTime(date: date, time: time)) }
                }
                month += 1
            }
        }
    }

    private func appendStepping(from start: Int, by step: Int, at clockTimes: [LocalTime],
                                in window: MessageWindow, into times: inout [LocalDateTime]) {
        for day in stride(from: start, through: window.last, by: step) where window.contains(day: day) {
            let date = LocalDate(dayNumber: day)
            for time in clockTimes { times.append(LocalDateTime(date: date, time: time)) }
        }
    }
}
