import CivilDate
import Foundation
import Loading
import TextFormat

/// How numbers, times and durations read in the text output: `1,204`,
/// `2021-02-09 20:00:05 +08:00` in the zone of the campaign the time belongs to
/// (or UTC with `--utc`), `1h 3m`. Every time carries its offset, so a report
/// that mixes campaigns, or is read on a machine in another zone, is never ambiguous.
struct Display {
    var zones: CampaignZones
    /// `--utc`: every time in UTC.
    var utc = false
    private var timeZones: [String: TimeZone] = [:]

    init(zones: CampaignZones, utc: Bool = false) {
        self.zones = zones
        self.utc = utc
        for identifier in Set(zones.identifiers.values).union([zones.fallback]) {
            timeZones[identifier] = TimeZone(identifier: identifier)
        }
    }

    /// Every time in one zone (tests, and a report with no schedule to read).
    init(timeZone: TimeZone, utc: Bool = false) {
        self.init(zones: CampaignZones(identifiers: [:], fallback: timeZone.identifier), utc: utc)
    }

    static func count(_ value: some BinaryInteger) -> String { value.groupedDigits }

    /// `2021-02-09 20:00:05 +08:00`: an event (an attempt, a heartbeat) to the second.
    func time(_ seconds: Int64, campaign: String? = nil) -> String {
        let offset = utcOffset(at: seconds, campaign: campaign)
        return CivilTime.wallTime(secondsSince1970: seconds, utcOffset: offset) + " " + Display.offset(offset)
    }

    /// `2021-02-09 20:00 +08:00`: a scheduled time (an occurrence, a resume), which falls on a minute.
    func minute(_ seconds: Int64, campaign: String? = nil) -> String {
        let offset = utcOffset(at: seconds, campaign: campaign)
        return String(CivilTime.wallTime(secondsSince1970: seconds, utcOffset: offset).dropLast(3)) + " " + Display.offset(offset)
    }

    /// Seconds east of UTC of the campaign's zone (UTC with `--utc`) at `seconds`.
    func utcOffset(at seconds: Int64, campaign: String?) -> Int {
        guard !utc else { return 0 }
        let zone = timeZones[zones.identifier(of: campaign)] ?? TimeZone(secondsFromGMT: 0)!
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `+08:00`, `-05:00`; `UTC` for none.
    static func offset(_ seconds: Int) -> String {
        guard seconds != 0 else { return "UTC" }
        return String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }

    /// The two largest units: `45s`, `2m 5s`, `1h 3m`, `3d 4h`.
    static func duration(_ seconds: Int64) -> String {
        DurationText.approximate(seconds: seconds)
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
