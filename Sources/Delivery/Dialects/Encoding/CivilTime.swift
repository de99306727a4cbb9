import CivilDate

/// Instants as civil date and time, for ISO 8601 output and HTTP-date parsing
/// without Foundation's formatters or the process time zone. The calendar
/// arithmetic is the schedule's own `LocalDate`.
enum CivilTime {
    struct Fields: Equatable {
        var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    static func fields(secondsSince1970 seconds: Int64) -> Fields {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let date = LocalDate(dayNumber: Int(days))
        return Fields(year: Int64(date.year), month: date.month, day: date.day,
                      hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// nil when the date does not exist.
    static func seconds(_ fields: Fields) -> Int64? {
        guard let date = LocalDate(year: Int(fields.year), month: fields.month, day: fields.day) else { return nil }
        return Int64(date.dayNumber) * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
    }

    /// `2021-03-15T09:00:00+08:00`; UTC is written `Z`.
    static func iso8601(secondsSince1970 seconds: Int64, utcOffset: Int) -> String {
        let local = fields(secondsSince1970: seconds + Int64(utcOffset))
        let date = LocalDate(year: Int(local.year), month: local.month, day: local.day)!.description
        let time = "\(pad(local.hour)):\(pad(local.minute)):\(pad(local.second))"
        guard utcOffset != 0 else { return "\(date)T\(time)Z" }
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        return "\(date)T\(time)\(sign)\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
