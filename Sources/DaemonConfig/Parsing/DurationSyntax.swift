import LineLanguage
import TextFormat

/// Durations as the config writes them (`500ms`, `10s`, `5m`, `2h`, `1d`, `2w`):
/// the shared grammar of `DurationText`, with diagnostics at the token.
enum DurationSyntax {
    static let example = DurationText.example

    static func parse(_ token: Token) -> Result<Duration, ValueProblem> {
        let text = token.text
        switch DurationText.milliseconds(text) {
        case .success(let milliseconds):
            return .success(.milliseconds(milliseconds))
        case .failure(.notADuration):
            return .failure(.error("'\(text)' is not a duration", at: token.location, hint: example))
        case .failure(.noUnit(let digits)):
            return .failure(.error("the duration '\(text)' has no unit", at: token.location.advanced(by: digits.count),
                                   hint: "use ms, s, m, h, d or w, e.g. \(digits)s"))
        case .failure(.unknownUnit(let suffix, let digitCount)):
            return .failure(.error("unknown duration unit '\(suffix)'", at: token.location.advanced(by: digitCount),
                                   hint: "use ms, s, m, h, d or w, e.g. \(text.prefix(digitCount))s"))
        case .failure(.longerThanAYear):
            return .failure(.error("the duration '\(text)' is longer than a year", at: token.location))
        }
    }

    /// The unit a planner meant by a spelt-out word (`min`, `hours`), for the hint
    /// when a number and its unit were written apart.
    static func unit(spelledOut word: String) -> String? {
        let word = word.lowercased()
        let spellings: [(unit: String, words: [String])] = [
            ("ms", ["ms", "millisecond", "milliseconds"]), ("s", ["s", "sec", "second", "seconds"]),
            ("m", ["m", "min", "mins", "minute", "minutes"]), ("h", ["h", "hour", "hours"]), ("d", ["d", "day", "days"]),
            ("w", ["w", "week", "weeks"]),
        ]
        return spellings.first { $0.words.contains(word) }?.unit
    }

    /// The shortest exact spelling: 90 s prints as `90s`, 2 h as `2h`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return DurationText.format(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
