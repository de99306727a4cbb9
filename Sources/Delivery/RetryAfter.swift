import CivilDate

/// Reads a `Retry-After` header: delta-seconds (`120`) or an HTTP-date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete RFC 850 and asctime forms
/// RFC 9110 tells recipients to accept). The wait is capped so a hostile or
/// broken peer cannot park a delivery for days.
public enum RetryAfter {
    public static let cap: Double = 3600

    /// Seconds to wait from `now` (seconds since 1970), or nil when absent or unreadable.
    /// A date in the past means "now": 0.
    public static func seconds(_ value: String?, now: Double) -> Double? {
        guard let value = value?.trimmingSpaces, !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // More digits than fit means "very long": the cap applies.
            return min(Double(value) ?? cap, cap)
        }
        guard let date = httpDate(value) else { return nil }
        return min(max(0, Double(date) - now), cap)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970 for the three HTTP-date forms.
    static func httpDate(_ text: String) -> Int64? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        // IMF-fixdate: Sun 06 Nov 1994 08:49:37 GMT; RFC 850: Sunday 06 Nov 94 08:49:37 GMT
        if words.count == 6, words[5] == "GMT", let day = Int(words[1]), let month = month(words[2]),
           var year = Int64(words[3]) {
            if words[3].count == 2 { year += year < 70 ? 2000 : 1900 }
            return compose(year: year, month: month, day: day, clock: words[4])
        }
        // asctime: Sun Nov  6 08:49:37 1994
        if words.count == 5, let month = month(words[1]), let day = Int(words[2]), let year = Int64(words[4]) {
            return compose(year: year, month: month, day: day, clock: words[3])
        }
        return nil
    }

    private static func month(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    private static func compose(year: Int64, month: Int, day: Int, clock: String) -> Int64? {
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (1...31).contains(day), (0...23).contains(parts[0]),
              (0...59).contains(parts[1]), (0...60).contains(parts[2]) else { return nil }
        return CivilTime.seconds(.init(year: year, month: month, day: day,
                                       hour: parts[0], minute: parts[1], second: parts[2]))
    }
}

extension String {
    /// Without leading and trailing spaces and tabs. Searched in UTF-8, where
    /// both are single bytes that never occur inside another character: every
    /// response body goes through this, and walking it scalar by scalar showed
    /// up as several percent of the daemon's CPU per delivery.
    var trimmingSpaces: String {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
              let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
