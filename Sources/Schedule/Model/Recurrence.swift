import CivilDate
import LineLanguage

/// One `at` or `every` line of a message. Several lines add up.
public enum Recurrence: Hashable, Sendable {
    /// `at 2021-02-09 20:00, 2021-02-10 09:00`
    case at([LocalDateTime])
    /// `every day 09:00, 18:00`
    case daily([LocalTime])
    /// `every monday, thursday 10:00, 16:00`; `weekday` and `weekend` expand to their days.
    case weekly(Set<Weekday>, [LocalTime])
    /// `every 3 days 09:00`, counted from the message's first day.
    case everyNDays(Int, [LocalTime])
    /// `every 2 weeks on friday 15:00`, counted from the message's first day.
    case everyNWeeks(Int, Weekday, [LocalTime])
    /// `every month on 1, 15 09:00`; a month without that day is skipped.
    case monthly([Int], [LocalTime])
}

/// A recurrence with the place it was written, so later stages can point at it.
public struct Rule: Hashable, Sendable {
    public var recurrence: Recurrence
    public var location: SourceLocation

    public init(_ recurrence: Recurrence, location: SourceLocation) {
        self.recurrence = recurrence
        self.location = location
    }
}

/// A closed range of days, `2021-02-11..2021-02-17`; a single day has `first == last`.
public struct DateRange: Hashable, Sendable {
    public var first: LocalDate
    public var last: LocalDate

    public init(first: LocalDate, last: LocalDate) {
        self.first = first
        self.last = last
    }

    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }
}
