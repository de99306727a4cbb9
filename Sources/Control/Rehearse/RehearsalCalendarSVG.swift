import CivilDate
import Foundation
import Rehearsal
import TextFormat

/// The HTML report's pictures as inline SVG: the calendar heat map (a cell a
/// day, weeks as rows) and each day's load per gateway.
enum RehearsalCalendarSVG {
    static let cell = (width: 110, height: 58)
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// A cell's shade grows with the square root of its sends, so a quiet
    /// day next to the launch still shows; red text marks an overloaded gateway.
    static func calendar(_ calendar: RehearsalCalendar) -> String {
        let left = 86
        let width = left + 7 * cell.width
        let height = 24 + calendar.weeks.count * cell.height
        var svg = "<svg class=\"calendar\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"calendar\">\n"
        for (column, name) in weekdays.enumerated() {
            svg += text(name, x: left + column * cell.width + 6, y: 16, size: 12, fill: "#555")
        }
        let peak = Double(max(calendar.peak, 1))
        for (row, week) in calendar.weeks.enumerated() {
            let y = 24 + row * cell.height
            svg += text(week[0].date.description, x: 0, y: y + 20, size: 12, fill: "#555")
            for (column, day) in week.enumerated() where !day.outside {
                let x = left + column * cell.width
                let shade = day.sends > 0 ? 0.12 + 0.78 * (Double(day.sends) / peak).squareRoot() : 0
                svg += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell.width - 2)\" height=\"\(cell.height - 2)\" "
                    + "fill=\"rgb(25,118,210)\" fill-opacity=\"\(String(format: "%.2f", shade))\" stroke=\"#ccc\">"
                    + "<title>\(day.date): \(day.sends.groupedDigits) SMS, load \(RehearsalCalendarText.percent(day.load))</title></rect>\n"
                let dark = shade > 0.55
                let ink = dark ? "#fff" : "#222"
                // Red on the dark blue of a busy day does not read: yellow there.
                let alarm = dark ? "#ffeb3b" : "#c62828"
                svg += text(String(day.date.description.suffix(5)), x: x + 6, y: y + 16, size: 11, fill: ink)
                svg += text(day.sends.compactFigure, x: x + 6, y: y + 34, size: 15, fill: ink, bold: true)
                if day.sends > 0 {
                    svg += text(RehearsalCalendarText.percent(day.load), x: x + 6, y: y + 50, size: 11,
                                fill: day.overloaded ? alarm : ink, bold: day.overloaded)
                }
                let marks = (day.spill ? "~" : "") + (day.capped ? "c" : "") + (day.overloaded ? "!" : "")
                if !marks.isEmpty {
                    svg += text(marks, x: x + cell.width - 30, y: y + 16, size: 13, fill: alarm, bold: true)
                }
            }
        }
        return svg + "</svg>"
    }

    /// One row per gateway: a bar per day, its height the day's sends over its
    /// capacity, capped at twice the 100% line.
    static func load(_ days: [RehearsalDay]) -> String {
        let gateways = Array(Set(days.map(\.destination))).sorted()
        let dates = Array(Set(days.map(\.date))).sorted()
        guard !gateways.isEmpty, let first = dates.first, let last = dates.last else {
            return "<p class=\"muted\">No SMS in the rehearsed days.</p>"
        }
        let span = last.dayNumber - first.dayNumber + 1
        let barWidth = max(4, min(24, 900 / span))
        let left = 150, band = 70
        let width = left + span * barWidth + 10
        let height = gateways.count * (band + 20) + 20
        var svg = "<svg class=\"load\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"gateway load\">\n"
        for (index, gateway) in gateways.enumerated() {
            let base = 10 + index * (band + 20) + band
            svg += text(gateway, x: 0, y: base - band / 2, size: 12, fill: "#222")
            svg += "<line x1=\"\(left)\" y1=\"\(base - band / 2)\" x2=\"\(width - 10)\" y2=\"\(base - band / 2)\" "
                + "stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>\n"
            for day in days where day.destination == gateway {
                let share = min(day.utilisation, 2)
                let barHeight = max(1, Int((share * Double(band / 2)).rounded()))
                let x = left + (day.date.dayNumber - first.dayNumber) * barWidth
                let colour = day.utilisation >= RehearsalCalendar.overloadShare ? "#c62828" : "#1976d2"
                svg += "<rect x=\"\(x)\" y=\"\(base - barHeight)\" width=\"\(barWidth - 1)\" height=\"\(barHeight)\" "
                    + "fill=\"\(colour)\"><title>\(day.date) \(HTMLText.escaped(gateway)): \(day.sends.groupedDigits) sends, "
                    + "\(RehearsalCalendarText.percent(day.utilisation)) of \(day.capacity == Int.max ? "unlimited" : day.capacity.groupedDigits)"
                    + "</title></rect>\n"
            }
            svg += text(first.description, x: left, y: base + 14, size: 10, fill: "#777")
            svg += text(last.description, x: width - 80, y: base + 14, size: 10, fill: "#777")
        }
        return svg + "</svg>"
    }

    private static func text(_ content: String, x: Int, y: Int, size: Int, fill: String, bold: Bool = false) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\" fill=\"\(fill)\"\(bold ? " font-weight=\"bold\"" : "")>"
            + HTMLText.escaped(content) + "</text>\n"
    }
}
