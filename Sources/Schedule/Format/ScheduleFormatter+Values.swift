import CivilDate
import Foundation
import LineLanguage
import TextFormat

extension ScheduleFormatter {
    /// A property's value in its canonical spelling.
    static func value(_ value: PropertyValue) -> String {
        switch value {
        case .date(let date):
            return date.value.description
        case .length(let length):
            return counted(length.value.count, length.value.unit.rawValue)
        case .name(let name):
            return word(name.value)
        case .file(let path):
            return word(path.value)
        case .count(let count):
            return String(count.value)
        case .people(let count):
            return count.value.groupedDigits
        case .cap(let cap):
            return cap.description
        case .literal(let text):
            return text.value
        case .quiet(let windows):
            let channels = windows.first.map { $0.value.channels.sorted().map(\.rawValue) } ?? []
            return list(windows.map(\.value.description)) + " for " + list(channels)
        case .variable(let name, let value):
            return "\(name.value) \(value)"
        case .recipients(let path, let gateway):
            return word(path.value) + (gateway.map { " via \(word($0.value))" } ?? "")
        case .endpoints(let names):
            return list(names.map { word($0.value) })
        case .schedule(let rule):
            return recurrence(rule.recurrence)
        case .dates(let ranges):
            return list(ranges.map { DocumentBuilder.describe($0.value) })
        case .targets(let include, let exclude):
            let excluded = exclude.isEmpty ? "" : " except " + list(exclude.map(\.value.description))
            return list(include.map(\.value.description)) + excluded
        case .channels(let channels):
            return list(channels.map(\.value.rawValue))
        case .text(let text):
            return text.template.source
        }
    }

    /// Without its key: `at` and `every` print their own keyword as the property key.
    static func recurrence(_ recurrence: Recurrence) -> String {
        switch recurrence {
        case .at(let moments):
            return list(moments.map(\.description))
        case .daily(let times):
            return "day " + list(times.map(\.description))
        case .weekly(let days, let times):
            return weekdays(days) + " " + list(times.map(\.description))
        case .everyNDays(let count, let times):
            return counted(count, "days") + " " + list(times.map(\.description))
        case .everyNWeeks(let count, let day, let times):
            return counted(count, "weeks") + " on \(day.rawValue) " + list(times.map(\.description))
        case .monthly(let days, let times):
            return "month on " + list(days.map(String.init)) + " " + list(times.map(\.description))
        }
    }

    static func weekdays(_ days: Set<Weekday>) -> String {
        let workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
        if days == workdays { return "weekday" }
        if days == [.saturday, .sunday] { return "weekend" }
        return list(days.sorted().map(\.rawValue))
    }

    /// `1 month`, `3 months`.
    static func counted(_ count: Int, _ plural: String) -> String {
        "\(count) " + (count == 1 ? String(plural.dropLast()) : plural)
    }

    static func list(_ items: [String]) -> String { items.joined(separator: ", ") }

    /// A word as the scanner will read it back: quoted when it holds a blank,
    /// a comma or a quote, or would start a comment.
    static func word(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.hasPrefix("#")
            || text.unicodeScalars.contains { $0.isBlank || $0 == "," || $0 == "\"" }
        guard needsQuotes else { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped + "\""
    }
}
