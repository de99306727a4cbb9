/// Calendar arithmetic on the proleptic Gregorian calendar (Howard Hinnant's
/// days-from-civil algorithms), so ISO 8601 output and HTTP-date parsing need
/// neither Foundation's formatters nor the process time zone.
enum CivilTime {
    struct Fields: Equatable {
        var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fields(secondsSince1970 seconds: Int64) -> Fields {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(year: year, month: month, day: day,
                      hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    static func seconds(_ fields: Fields) -> Int64 {
        daysFromCivil(year: fields.year, month: fields.month, day: fields.day) * 86_400
            + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
    }

    /// `2021-03-15T09:00:00+08:00`; UTC is written `Z`.
    static func iso8601(secondsSince1970 seconds: Int64, utcOffset: Int) -> String {
        let local = fields(secondsSince1970: seconds + Int64(utcOffset))
        let date = "\(pad(local.year, 4))-\(pad(local.month))-\(pad(local.day))"
        let time = "\(pad(local.hour)):\(pad(local.minute)):\(pad(local.second))"
        guard utcOffset != 0 else { return "\(date)T\(time)Z" }
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        return "\(date)T\(time)\(sign)\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func pad<N: BinaryInteger>(_ value: N, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
