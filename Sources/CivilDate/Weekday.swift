/// Monday first, as the schedule language and ISO 8601 count.
public enum Weekday: String, CaseIterable, Hashable, Sendable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The three-letter spelling the language also accepts.
    public var abbreviation: String { String(rawValue.prefix(3)) }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
