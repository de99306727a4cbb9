import CivilDate
import Schedule

/// The days a message may fire: the campaign's days narrowed by `from` and
/// `until`, minus its `except` ranges. Days are `LocalDate.dayNumber`s so the
/// expansion loops over plain integers.
public struct MessageWindow: Hashable, Sendable {
    public let first: Int
    public let last: Int
    private let excluded: [ClosedRange<Int>]

    public init(campaign: Campaign, message: Message) {
        first = max(campaign.starts, message.from ?? campaign.starts).dayNumber
        last = min(campaign.ends, message.until ?? campaign.ends).dayNumber
        excluded = message.except
            .filter { $0.first <= $0.last }
            .map { $0.first.dayNumber...$0.last.dayNumber }
    }

    public var isEmpty: Bool { first > last }

    /// The day every `every N days` and `every N weeks` rule counts from,
    /// whether or not that day is excepted.
    public var anchor: Int { first }

    public func contains(day: Int) -> Bool {
        day >= first && day <= last && !excluded.contains { $0.contains(day) }
    }

    /// The months, as `2021-02`, in which a `every month on DAY` rule falls
    /// silent because the month is too short, with the missing days: only months
    /// whose last day and the next month's first day are both in the window.
    public func monthsWithout(days: [Int]) -> [(month: String, missing: [Int])] {
        guard !isEmpty else { return [] }
        var months: [(month: String, missing: [Int])] = []
        var lastDay = LocalDate(dayNumber: first)
        while true {
            lastDay = LocalDate(year: lastDay.year, month: lastDay.month,
                                day: LocalDate.daysIn(month: lastDay.month, year: lastDay.year))!
            guard lastDay.dayNumber < last else { return months }
            let missing = Set(days.filter { $0 > lastDay.day && $0 <= 31 }).sorted()
            if !missing.isEmpty { months.append((String(lastDay.description.prefix(7)), missing)) }
            lastDay = lastDay.adding(days: 1)
        }
    }
}
