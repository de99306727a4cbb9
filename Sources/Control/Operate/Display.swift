import CivilDate
import Foundation
import TextFormat

/// How numbers, times and durations read in the text output: `1,204`,
/// `2021-02-09 20:00:05` in the operator's time zone, `1h 3m`.
struct Display {
    var timeZone: TimeZone

    static func count(_ value: some BinaryInteger) -> String { value.groupedDigits }

    func time(_ seconds: Int64) -> String {
        CivilTime.wallTime(secondsSince1970: seconds, utcOffset: timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    /// The zone's offset as `+08:00`, said once in a report's heading.
    func zoneOffset(at seconds: Int64) -> String {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// The two largest units: `45s`, `2m 5s`, `1h 3m`, `3d 4h`.
    static func duration(_ seconds: Int64) -> String {
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

    /// In the unit a config would say it: `100/min` rather than `1.7/s`, `120/s`,
    /// `30/h`; whole numbers where the rate is one in some unit.
    static func rate(_ perSecond: Double) -> String {
        RateText.text(perSecond: perSecond)
    }

    static func percent(_ fraction: Double) -> String {
        fraction > 0 && fraction < 0.1 ? String(format: "%.1f%%", fraction * 100) : "\(Int((fraction * 100).rounded()))%"
    }

    /// `[██████░░░░]`: `fraction` of `width` cells filled.
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = min(width, max(0, Int((fraction * Double(width)).rounded(.down))))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }
}
