/// Instants (seconds since 1970 UTC) as civil date and time: the one way
/// broadcastd writes an instant (ISO 8601 / RFC 3339 in plans, webhooks, JSON
/// status and logs) and reads an HTTP date, without Foundation's formatters or
/// the process time zone. The calendar arithmetic is `LocalDate`'s.
public enum CivilTime {
    public struct Fields: Equatable, Sendable {
        public var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int

        public init(year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }
    }

    public static func fields(secondsSince1970 seconds: Int64) -> Fields {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let date = LocalDate(dayNumber: Int(days))
        return Fields(year: Int64(date.year), month: date.month, day: date.day,
                      hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// nil when the date does not exist.
    public static func seconds(_ fields: Fields) -> Int64? {
        guard let date = LocalDate(year: Int(fields.year), month: fields.month, day: fields.day) else { return nil }
        return Int64(date.dayNumber) * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
    }

    /// `2021-03-15T09:00:00+08:00`; UTC is written `utc` (`Z` unless a caller's format says `+00:00`).
    public static func iso8601(secondsSince1970 seconds: Int64, utcOffset: Int, utc: String = "Z") -> String {
        let (date, time) = text(secondsSince1970: seconds, utcOffset: utcOffset)
        guard utcOffset != 0 else { return "\(date)T\(time)\(utc)" }
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        return "\(date)T\(time)\(sign)\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
    }

    /// `2021-02-09 20:00:05`: the wall time at `utcOffset`, as text reports print it.
    public static func wallTime(secondsSince1970 seconds: Int64, utcOffset: Int) -> String {
        let (date, time) = text(secondsSince1970: seconds, utcOffset: utcOffset)
        return "\(date) \(time)"
    }

    /// (`2021-03-15`, `09:00:00`) at `utcOffset`.
    private static func text(secondsSince1970 seconds: Int64, utcOffset: Int) -> (date: String, time: String) {
        let local = fields(secondsSince1970: seconds + Int64(utcOffset))
        let date = LocalDate(year: Int(local.year), month: local.month, day: local.day)!.description
        return (date, "\(pad(local.hour)):\(pad(local.minute)):\(pad(local.second))")
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
