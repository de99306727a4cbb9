import CivilDate
import Foundation
import TextFormat

/// `log --since`: a time of day in the operator's zone (`2021-02-09T20:00`,
/// `2021-02-09 20:00:30`), a day (`2021-02-09`, from its midnight), or a span
/// back from now (`90s`, `30m`, `1h`, `2d`).
enum SinceArgument {
    static let expected = "expected a time like 2021-02-09T20:00, a date like 2021-02-09, or a span back from now like 30m, 1h, 2d"

    static func parse(_ text: String, now: Int64, timeZone: TimeZone) throws -> Int64 {
        if let span = span(text) { return now - span }
        if let instant = instant(text, timeZone: timeZone) { return instant }
        throw OperateError("'\(text)' is not a time; \(expected)")
    }

    /// broadcastd.conf's duration grammar, in whole seconds.
    private static func span(_ text: String) -> Int64? {
        guard case .success(let milliseconds) = DurationText.milliseconds(text) else { return nil }
        return milliseconds / 1000
    }

    private static func instant(_ text: String, timeZone: TimeZone) -> Int64? {
        let halves = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard halves.count == 1 || halves.count == 2 else { return nil }
        guard case .success(let date) = LocalDate.parse(halves[0]) else { return nil }
        let clock = halves.count == 2 ? halves[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) } : [0, 0]
        guard (2...3).contains(clock.count), let hour = clock[0], let minute = clock[1],
              let second = clock.count == 3 ? clock[2] : 0,
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let (year, month, day) = (date.year, date.month, date.day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let instant = calendar.date(from: components),
              calendar.component(.day, from: instant) == day else { return nil }
        return Int64(instant.timeIntervalSince1970)
    }
}
