/// The one duration grammar: a whole number and a unit, `500ms`, `10s`, `5m`,
/// `2h`, `1d`, `2w`. broadcastd.conf reads it (with its own file:line:column
/// diagnostics around it) and so does the command line (`log --since 30m`),
/// so a duration an operator writes in one place means the same in the other.
public enum DurationText {
    public static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]
    /// A ceiling of a year keeps every later sum and conversion far from overflow.
    public static let longestMilliseconds: Int64 = 366 * 86_400_000
    public static let example = "expected a duration like 500ms, 10s, 5m, 2h or 1d"

    public enum Problem: Error, Hashable, Sendable {
        /// No leading digits: not a duration at all.
        case notADuration
        /// Digits and nothing after them.
        case noUnit(digits: String)
        /// Digits and a suffix that is no unit; `digitCount` locates the suffix.
        case unknownUnit(String, digitCount: Int)
        case longerThanAYear
    }

    public static func milliseconds(_ text: some StringProtocol) -> Result<Int64, Problem> {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let suffix = String(text.dropFirst(digits.count))
        guard !digits.isEmpty else { return .failure(.notADuration) }
        guard let unit = units.first(where: { $0.suffix == suffix }) else {
            return .failure(suffix.isEmpty ? .noUnit(digits: String(digits)) : .unknownUnit(suffix, digitCount: digits.count))
        }
        guard digits.count <= 12, let count = Int64(digits), count * unit.milliseconds <= longestMilliseconds else {
            return .failure(.longerThanAYear)
        }
        return .success(count * unit.milliseconds)
    }

    /// The shortest exact spelling: 90 s prints as `90s`, 2 h as `2h`.
    public static func format(milliseconds: Int64) -> String {
        for unit in units.reversed() where milliseconds != 0 && milliseconds % unit.milliseconds == 0 {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }

    /// The two largest units, for a person (not a config): `45s`, `2m 5s`, `1h 3m`, `3d 4h`.
    /// `broadcastctl status` and the daemon's status page both say times to go this way.
    public static func approximate(seconds: Int64) -> String {
        let value = max(0, seconds)
        let units: [(Int64, String)] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")]
        guard let first = units.firstIndex(where: { value >= $0.0 }) else { return "0s" }
        let (size, name) = units[first]
        var text = "\(value / size)\(name)"
        if first + 1 < units.count {
            let (nextSize, nextName) = units[first + 1]
            let rest = value % size / nextSize
            if rest > 0 { text += " \(rest)\(nextName)" }
        }
        return text
    }
}
