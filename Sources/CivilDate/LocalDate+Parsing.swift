extension LocalDate {
    /// Why a text is not a date, for the caller's own diagnostic.
    public enum ParseProblem: Error, Hashable, Sendable {
        /// Not `YYYY-MM-DD` at all.
        case notADate
        /// Well formed, but the day is not in the calendar (2021-02-30, month 13).
        case doesNotExist(year: Int, month: Int)
    }

    /// The one reading of a date, shared by the schedule language and the
    /// command line: a four-digit year, a one- or two-digit month and day,
    /// ASCII digits and two hyphens only (so `2021-02-09-x` is not a date).
    public static func parse(_ text: some StringProtocol) -> Result<LocalDate, ParseProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return .failure(.notADate)
        }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            return .failure(.doesNotExist(year: year, month: month))
        }
        return .success(date)
    }
}

extension LocalTime {
    /// `20:00` or `8:05`: the schedule's and the command line's time of day.
    public static func parse(_ text: some StringProtocol) -> LocalTime? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        return LocalTime(hour: hour, minute: minute)
    }
}
