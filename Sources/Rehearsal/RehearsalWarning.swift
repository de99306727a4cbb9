import CivilDate
import Plan
import Schedule
import TextFormat

/// Something the rehearsal found that a planner must act on, in their terms:
/// the message and its time, the figures, and what would fix it.
public struct RehearsalWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Still sending when a quiet window began: the rest waited for its end.
        case quietHours = "quiet-hours"
        /// Skipped people as capped on a day that sends of an earlier message spilled into.
        case capCollision = "cap-collision"
        /// Still sending at the rehearsal's horizon.
        case unfinished
    }

    public var kind: Kind
    public var message: String
    public var description: String

    static func warnings(for rehearsal: Rehearsal) -> [RehearsalWarning] {
        var warnings: [RehearsalWarning] = []
        let rows = rehearsal.rows
        for row in rows {
            let due = "\(row.message) \(row.occurrence.local)"
            let clock = ZoneClock(identifier: row.zone)
            func local(_ instant: Int64) -> String {
                guard let offset = clock?.offset(at: instant) else { return "\(instant)" }
                let wall = ZoneClock.wallTime(instant: instant, utcOffset: offset)
                return "\(wall.date) \(wall.time)"
            }
            if row.quietPausedSeconds > 0, let first = row.firstSend, let last = row.lastSend, let start = row.quietStart {
                let later = row.sendsByDay.filter { $0.key != row.occurrence.local.date }.values.reduce(0, +)
                let window = row.quiet.filter { $0.channels.contains(row.channel) }.map(\.description).joined(separator: ", ")
                var text = "\(due): the last \(row.channel == .sms ? "SMS" : "webhook") goes out \(local(last)); "
                    + "sending paused \(Rehearsal.durationText(row.quietPausedSeconds)) in the quiet hours \(window)"
                if later > 0 { text += ", and \(later.groupedDigits) sends went out on later days" }
                if start > first, let capacity = row.capacity, capacity.isFinite {
                    let needed = Double(row.people) / Double(start - first)
                    text += ". Capacity needed to finish by \(local(start)): \(Int(needed.rounded(.up)).groupedDigits)/s "
                        + "(\(row.destination) has \(Self.rate(capacity))/s), or send earlier"
                }
                warnings.append(RehearsalWarning(kind: .quietHours, message: row.message, description: text))
            }
            if row.capped > 0 {
                let day = row.occurrence.local.date
                let spills = rows.filter {
                    $0.campaign == row.campaign && $0.channel == row.channel && $0.occurrence.local.date < day
                        && ($0.sendsByDay[day] ?? 0) > 0
                }
                for spill in spills {
                    let text = "\(due): \(row.capped.groupedDigits) people skipped as capped; "
                        + "\(spill.message) \(spill.occurrence.local) spilled \((spill.sendsByDay[day] ?? 0).groupedDigits) sends into \(day), "
                        + "which count against that day's cap. Finish \(spill.message) before its quiet hours, or move \(row.message)"
                    warnings.append(RehearsalWarning(kind: .capCollision, message: row.message, description: text))
                }
            }
            if row.unsent > 0 {
                let text = "\(due): \(row.unsent.groupedDigits) of \(row.people.groupedDigits) people were still waiting "
                    + "\(rehearsal.options.horizonDays) days after the last occurrence; \(row.destination) cannot carry it"
                warnings.append(RehearsalWarning(kind: .unfinished, message: row.message, description: text))
            }
        }
        return warnings
    }

    static func rate(_ value: Double) -> String {
        value >= 10 || value == value.rounded() ? "\(Int(value.rounded()))" : String(format: "%.1f", value)
    }
}
