import LineLanguage

/// Durations as the config writes them: `500ms`, `10s`, `5m`, `2h`, `24h`, `7d`.
enum DurationSyntax {
    static let example = "expected a duration like 500ms, 10s, 5m, 2h or 1d"

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]
    /// A ceiling of a year keeps every later sum and conversion far from overflow.
    private static let longest: Int64 = 366 * 86_400_000

    static func parse(_ token: Token) -> Result<Duration, ValueProblem> {
        let text = token.text
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let suffix = text.dropFirst(digits.count)
        guard !digits.isEmpty else {
            return .failure(.error("'\(text)' is not a duration", at: token.location, hint: example))
        }
        guard let unit = units.first(where: { $0.suffix == suffix }) else {
            let message = suffix.isEmpty ? "the duration '\(text)' has no unit" : "unknown duration unit '\(suffix)'"
            return .failure(.error(message, at: token.location.advanced(by: digits.count),
                                   hint: "use ms, s, m, h or d, e.g. \(digits)s"))
        }
        guard digits.count <= 12, let count = Int64(digits), count * unit.milliseconds <= longest else {
            return .failure(.error("the duration '\(text)' is longer than a year", at: token.location))
        }
        return .success(.milliseconds(count * unit.milliseconds))
    }

    /// The unit a planner meant by a spelt-out word (`min`, `hours`), for the hint
    /// when a number and its unit were written apart.
    static func unit(spelledOut word: String) -> String? {
        let word = word.lowercased()
        let spellings: [(unit: String, words: [String])] = [
            ("ms", ["ms", "millisecond", "milliseconds"]), ("s", ["s", "sec", "second", "seconds"]),
            ("m", ["m", "min", "mins", "minute", "minutes"]), ("h", ["h", "hour", "hours"]), ("d", ["d", "day", "days"]),
        ]
        return spellings.first { $0.words.contains(word) }?.unit
    }

    /// The shortest exact spelling: 90 s prints as `90s`, 2 h as `2h`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        for unit in units.reversed() where milliseconds != 0 && milliseconds % unit.milliseconds == 0 {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }
}
