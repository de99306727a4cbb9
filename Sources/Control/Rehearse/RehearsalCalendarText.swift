import Rehearsal
import TextFormat

/// `rehearse`'s picture of the quarter on a terminal: weeks as rows, Monday to
/// Sunday as columns; a cell is the day of the month, the SMS handed to
/// gateways and the busiest gateway's load, then marks for the days to look
/// at. Colour (the load: green, yellow from half, red from `overloadShare`)
/// only on a terminal without NO_COLOR; the marks carry the same news without it.
enum RehearsalCalendarText {
    static let legend = "~ sends spilled in from an earlier day   c people skipped as capped   "
        + "! a gateway at \(Int(RehearsalCalendar.overloadShare * 100))% or more of what it can carry"

    static func write(_ calendar: RehearsalCalendar, colour: Bool, to output: inout some TextOutputStream) {
        guard !calendar.weeks.isEmpty else { return }
        output.write("\nThe quarter (SMS handed to gateways a day, the busiest gateway's load):\n")
        var table = TextTable(header: ["WEEK OF", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], indent: "  ")
        for week in calendar.weeks {
            table.rows.append([week[0].date.description] + week.map { day in cell(day) })
        }
        var rendered = table.rendered()
        if colour { rendered = coloured(rendered, calendar) }
        output.write(rendered + "\n  " + legend + "\n")
    }

    /// `09 540k 11% ~c!`, blank outside the rehearsed days.
    static func cell(_ day: RehearsalCalendar.Day) -> String {
        guard !day.outside else { return "" }
        let dayOfMonth = day.date.day < 10 ? "0\(day.date.day)" : "\(day.date.day)"
        var text = "\(dayOfMonth) \(day.sends.compactFigure)"
        if day.sends > 0 { text += " " + percent(day.load) }
        let marks = (day.spill ? "~" : "") + (day.capped ? "c" : "") + (day.overloaded ? "!" : "")
        return marks.isEmpty ? text : text + " " + marks
    }

    /// `11%`, and `<1%` for a load that is there but rounds to nothing.
    static func percent(_ share: Double) -> String {
        share > 0 && share < 0.005 ? "<1%" : "\(Int((share * 100).rounded()))%"
    }

    /// Colours each day's load figure by how busy it was; the alignment is the plain text's.
    private static func coloured(_ rendered: String, _ calendar: RehearsalCalendar) -> String {
        var result = rendered
        for day in calendar.weeks.joined() where day.sends > 0 && !day.outside {
            let plain = cell(day)
            let code = day.overloaded ? "31" : day.load >= 0.5 ? "33" : "32"
            if let range = result.range(of: plain) {
                result.replaceSubrange(range, with: "\u{1B}[\(code)m\(plain)\u{1B}[0m")
            }
        }
        return result
    }
}
