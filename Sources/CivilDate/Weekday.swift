/// Monday first, as the schedule language and ISO 8601 count.
public enum Weekday: String, CaseIterable, Hashable, Sendable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The three-letter spelling the language also accepts.
    public var abbreviation: String { String(rawValue.prefix(3)) }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Weekday {
    /// 0 for Monday … 6 for Sunday.
    public var mondayBasedIndex: Int {
        switch self {
        case .monday: 0
        case .tuesday: 1
        case .wednesday: 2
        case .thursday: 3
        case .friday: 4
        case .saturday: 5
        case .sunday: 6
        }
    }

    /// The weekday of a `LocalDate.dayNumber`, without building the date (1970-01-01 was a Thursday).
    public static func mondayBasedIndex(ofDay day: Int) -> Int {
        ((day % 7) + 7 + 3) % 7
    }
}
