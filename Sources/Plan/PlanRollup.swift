import CivilDate
import Schedule
import TextFormat

/// `broadcastctl plan --by week|month`: the quarter at a glance, one row per
/// week (Monday to Sunday) or calendar month, then the whole. Each row is the
/// plan's own summary over that period, so its figures are the ones `plan`
/// prints for `--from`/`--to` of those days; SMS count one copy per person per
/// occurrence, and people are counted once per row.
public enum PlanRollup {
    public enum Period: String, CaseIterable, Sendable {
        case week, month
    }

    /// The periods the campaign (narrowed by the filter's dates) touches, each
    /// cut to those days.
    public static func periods(_ period: Period, of plan: Plan, matching filter: PlanFilter) -> [ClosedRange<LocalDate>] {
        let campaign = plan.document.campaign
        let first = max(campaign.starts, filter.from ?? campaign.starts)
        let last = min(campaign.ends, filter.to ?? campaign.ends)
        guard first <= last else { return [] }
        var ranges: [ClosedRange<LocalDate>] = []
        var start = first
        while start <= last {
            let end: LocalDate
            switch period {
            case .week:
                end = start.adding(days: 6 - start.weekday.mondayBasedIndex)
            case .month:
                end = LocalDate(year: start.year, month: start.month, day: 1)!.adding(months: 1).adding(days: -1)
            }
            ranges.append(start...min(end, last))
            start = end.adding(days: 1)
        }
        return ranges
    }

    public static func write(_ plan: Plan, by period: Period, matching filter: PlanFilter = PlanFilter(),
                             people: PlanPeople? = nil, to output: inout some TextOutputStream) {
        var table = TextTable(header: [period.rawValue.uppercased(), "MESSAGES", "OCCURRENCES", "SENDS", "SMS LIST ENTRIES",
                                       "SMS", "SEGMENTS", "PEOPLE", "WEBHOOK ENDPOINTS"])
        for range in periods(period, of: plan, matching: filter) {
            var days = filter
            days.from = range.lowerBound
            days.to = range.upperBound
            let label = range.lowerBound == range.upperBound ? "\(range.lowerBound)"
                : "\(range.lowerBound) – \(range.upperBound.description.suffix(5))"
            table.rows.append([label] + cells(plan.summary(matching: days, people: people)))
        }
        table.rows.append(["Total"] + cells(plan.summary(matching: filter, people: people)))
        output.write(table.rendered() + "\n")
    }

    private static func cells(_ summary: PlanSummary) -> [String] {
        let plus = summary.sendsWithUnknownRecipients > 0 ? "+" : ""
        func figure(_ value: Int?) -> String { value.map { $0.groupedDigits + ($0 > 0 ? plus : "") } ?? "-" }
        return [summary.messages.groupedDigits, summary.occurrences.groupedDigits,
                summary.sends.values.reduce(0, +).groupedDigits,
                figure(summary.deliveries[.sms, default: 0]), figure(summary.people), figure(summary.smsSegments),
                figure(summary.distinctPeople), summary.deliveries[.webhook, default: 0].groupedDigits]
    }
}
