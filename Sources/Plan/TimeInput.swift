import CivilDate
import Foundation
import TextFormat

/// The one reading of a time on the command line (`log --since`, `broadcastd
/// --pretend-now`): a full timestamp with an offset (`2021-02-09T20:00+08:00`,
/// `2021-02-09 12:00:30Z`, or as the reports print it, `2021-02-09 20:00 +08:00`),
/// the same without one (read in the campaign's zone), a date (its midnight there),
/// or a span back from now (`90s`, `30m`, `2h`, `2d`).
public enum TimeInput {
    public static let expected = "expected a time like 2021-02-09T20:00 (in the campaign's zone) or 2021-02-09T20:00+08:00, "
        + "a date like 2021-02-09, or a span back from now like 30m, 2h, 2d"

    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Seconds since 1970; `clock` reads a time without an offset. Without a clock
    /// (the campaigns live in several zones and none was named) such a time is refused.
    public static func parse(_ text: String, now: Int64, clock: ZoneClock?) throws(Problem) -> Int64 {
        let text = text.trimmingCharacters(in: .whitespaces)
        if case .success(let milliseconds) = DurationText.milliseconds(text) { return now - milliseconds / 1000 }
        switch instant(text, clock: clock) {
        case .some(.some(let instant)): return instant
        case .some(nil):
            throw Problem(description: "'\(text)' has no offset and the campaigns live in several time zones; "
                + "add one (\(text)+08:00) or name the campaign")
        case nil:
            throw Problem(description: "'\(text)' is not a time; \(expected)")
        }
    }

    /// nil: not a time; .some(nil): a time without an offset and no clock to read it.
    private static func instant(_ text: String, clock: ZoneClock?) -> Int64?? {
        let (body, offset) = splitOffset(text)
        let halves = body.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard (1...2).contains(halves.count), case .success(let date) = LocalDate.parse(halves[0]) else { return nil }
        var (time, second) = (LocalTime(hour: 0, minute: 0)!, 0)
        if halves.count == 2 {
            let fields = halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(fields.count), let parsed = LocalTime.parse(fields[0...1].joined(separator: ":")) else { return nil }
            time = parsed
            if fields.count == 3 {
                guard fields[2].count == 2, let value = Int(fields[2]), (0...59).contains(value) else { return nil }
                second = value
            }
        } else if offset != nil {
            return nil
        }
        let local = LocalDateTime(date: date, time: time)
        guard let offset else {
            guard var clock else { return .some(nil) }
            return clock.resolve(local).instant + Int64(second)
        }
        return Int64(date.dayNumber) * 86_400 + Int64(time.minuteOfDay * 60 + second) - Int64(offset)
    }

    /// The text before a trailing `Z`, `UTC`, `+08:00`, `+0800` or `+08` (a space before it
    /// allowed), and that offset in seconds east of UTC; nil when there is none.
    private static func splitOffset(_ text: String) -> (body: Substring, offset: Int?) {
        for zulu in ["Z", " UTC", "UTC"] where text.hasSuffix(zulu) && text.count > zulu.count {
            return (text.dropLast(zulu.count).trimmingTrailingSpaces, 0)
        }
        // A sign after the time of day: the date's own hyphens come before any colon.
        guard let colon = text.firstIndex(of: ":"),
              let sign = text[colon...].lastIndex(where: { $0 == "+" || $0 == "-" }) else { return (Substring(text), nil) }
        let digits = text[text.index(after: sign)...].filter { $0 != ":" }
        guard [2, 4].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
              hours <= 14, minutes < 60 else { return (Substring(text), nil) }
        let seconds = (hours * 3600 + minutes * 60) * (text[sign] == "-" ? -1 : 1)
        return (text[..<sign].trimmingTrailingSpaces, seconds)
    }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
