import CivilDate
import Rehearsal
import TextFormat

/// `broadcastctl rehearse`'s text: per occurrence and destination, then per
/// day and gateway, then the warnings a planner must act on.
enum RehearsalTextReport {
    static func write(_ rehearsal: Rehearsal, costs: RehearsalCosts, to output: inout some TextOutputStream) {
        let options = rehearsal.options
        for line in headerLines(rehearsal) { output.write(line + "\n") }
        guard !rehearsal.rows.isEmpty else {
            output.write("Nothing to send in the rehearsed days.\n")
            return
        }
        output.write("\n")
        let table = occurrenceTable(rehearsal, costs: costs)
        output.write(table.rendered() + "\n")
        if rehearsal.rows.contains(where: \.estimated) {
            output.write("~ people from the regions' 'people N' estimates"
                         + (options.useEstimates ? " (--estimates)" : " where a list cannot be read") + ", not from lists.\n")
        }
        if !rehearsal.days.isEmpty {
            output.write("\nPer day and gateway (sends, retries included, against what it can carry outside quiet hours):\n")
            var days = TextTable(header: ["DAY", "GATEWAY", "SENDS", "CAPACITY", "LOAD", "BUSY HOURS"], indent: "  ")
            for day in rehearsal.days {
                days.rows.append([day.date.description, day.destination, day.sends.groupedDigits,
                                  day.capacity == Int.max ? "unlimited" : day.capacity.groupedDigits,
                                  day.capacity == Int.max ? "-" : "\(Int((day.utilisation * 100).rounded()))%",
                                  day.busyText])
            }
            output.write(days.rendered() + "\n")
        }
        let totals = costs.totals(rehearsal)
        if !totals.isEmpty { output.write("Cost at the gateways' prices: " + totals.joined(separator: ", ") + ".\n") }
        RehearsalCalendarText.write(RehearsalCalendar(rehearsal), colour: Terminal.isInteractive, to: &output)
        let warnings = rehearsal.warnings
        output.write(warnings.isEmpty ? "\nNo warnings: every broadcast finishes outside quiet hours and no cap collides with a spill.\n"
                     : "\n\(warnings.count) warning\(warnings.count == 1 ? "" : "s"):\n")
        for warning in warnings { output.write("  warning: \(warning)\n") }
        if !rehearsal.finished {
            output.write("\nThe rehearsal stopped \(options.horizonDays) days after the last occurrence with sends still waiting.\n")
        }
    }

    private static func milliseconds(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded()))ms" }

    /// What was assumed: the latency, the failures, the scale.
    static func headerLines(_ rehearsal: Rehearsal) -> [String] {
        let options = rehearsal.options
        let measured = options.measuredLatency.sorted { $0.key < $1.key }
            .map { "\($0.key) \(milliseconds($0.value))" }.joined(separator: ", ")
        let latency = measured.isEmpty ? "latency \(milliseconds(options.latency)) per request"
            : "latency \(measured) (the outbox's measured medians), otherwise \(milliseconds(options.latency))"
        var lines = ["Rehearsal: \(latency), "
                     + "\(failurePercent(options.failureShare)) of attempts failing (retried as configured)."]
        if !options.outboxOptOuts.isEmpty {
            lines.append("Opt-outs: the campaigns' optout files and the \(options.outboxOptOuts.count.groupedDigits) "
                         + "numbers of the outbox's opt-out table.")
        }
        if rehearsal.scale > 1 {
            lines.append("Simulated at 1/\(rehearsal.scale) scale (people/\(rehearsal.scale), rates/\(rehearsal.scale), "
                         + "latency ×\(rehearsal.scale)): rate- and concurrency-bound times hold; counts are scaled back.")
        }
        if options.useEstimates { lines.append("People: the regions' 'people N' estimates (--estimates).") }
        return lines
    }

    /// Per occurrence, channel and destination: the text's table, and the HTML report's.
    static func occurrenceTable(_ rehearsal: Rehearsal, costs: RehearsalCosts) -> TextTable {
        var clock = RehearsalClock()
        var table = TextTable(header: ["MESSAGE", "DUE", "CHANNEL", "DESTINATION", "PEOPLE", "FIRST SEND", "LAST SEND", "TOOK",
                                       "QUIET WAIT", "SPILL DAYS", "SENT", "CAPPED", "OPTED OUT", "SEGMENTS", "COST"])
        for row in rehearsal.rows {
            let day = row.occurrence.local.date
            table.rows.append([
                row.message, "\(row.occurrence.local)", row.channel.rawValue, row.destination, (row.estimated ? "~" : "") + row.people.groupedDigits,
                row.firstSend.map { clock.wall($0, zone: row.zone, sameDayAs: day) } ?? "-",
                row.lastSend.map { clock.wall($0, zone: row.zone, sameDayAs: day) } ?? "-",
                row.durationSeconds.map(Rehearsal.durationText) ?? "-",
                row.quietPausedSeconds > 0 ? Rehearsal.durationText(row.quietPausedSeconds) : "-",
                spillDays(row.spillDays),
                row.sent.groupedDigits, row.capped.groupedDigits, row.optedOut.groupedDigits,
                row.segmentsSent.map(\.groupedDigits) ?? "-",
                costs.cost(of: row).map { RehearsalCosts.text($0.amount, currency: $0.currency) } ?? "-",
            ])
        }
        return table
    }

    /// `2021-02-10` or `2021-02-10 – 02-19 (10 days)` for a run of days; the first
    /// three and a count otherwise: a ten-day spill stays one cell wide.
    static func spillDays(_ days: [LocalDate]) -> String {
        guard let first = days.first, let last = days.last else { return "-" }
        if days.count == 1 { return first.description }
        if last.dayNumber - first.dayNumber == days.count - 1 {
            return "\(first) – \(last.description.suffix(5)) (\(days.count) days)"
        }
        return days.prefix(3).map(\.description).joined(separator: ",") + (days.count > 3 ? " and \(days.count - 3) more" : "")
    }

    static func failurePercent(_ share: Double) -> String {
        let percent = share * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : String(format: "%.1f%%", percent)
    }
}
