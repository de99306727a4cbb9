import CivilDate
import Schedule

/// `broadcastctl plan` for people: occurrences in time order, one line per
/// message and channel (how many regions, recipients or endpoints, SMS
/// segments), a total under each day and one for the whole plan. With
/// `people`, SMS lines also say how many distinct people an occurrence reaches,
/// and `PlanOverlapReport` follows the total.
///
///     2021-02-09 Tuesday
///       20:00  launch  sms      111 regions  4,500 recipients  2 segments (UCS-2)
///       20:00  launch  webhook  111 regions  112 endpoints
///       2021-02-09: 1 occurrence, 222 sends; sms 4,500 recipients, webhook 112 endpoints
public enum PlanTextReport {
    public static func write(_ plan: Plan, matching filter: PlanFilter = PlanFilter(), people: PlanPeople? = nil,
                             to output: inout some TextOutputStream) {
        let regionMask = filter.regionMask(in: plan.tree)
        let slots = plan.timeline(matching: filter)
        var lines = MessageLines(plan: plan, filter: filter, regionMask: regionMask, people: people)
        let shown = Set(slots.map(\.message)).filter { !lines.of($0).isEmpty }
        let nameWidth = shown.map { plan.messages[$0].message.name.utf8.count }.max() ?? 0
        let names = Dictionary(uniqueKeysWithValues: shown.map { ($0, padded(plan.messages[$0].message.name, to: nameWidth)) })
        let clockFaces = (0..<24 * 60).map { "  \(LocalTime(hour: $0 / 60, minute: $0 % 60)!)  " }
        var day: DayTotal?
        for slot in slots {
            guard let name = names[slot.message] else { continue }
            let local = plan.occurrence(at: slot).local
            if day?.date != local.date {
                day?.write(to: &output)
                day = DayTotal(date: local.date)
                output.write("\(local.date) \(local.date.weekday.rawValue.capitalized)\n")
            }
            day?.occurrences += 1
            for line in lines.of(slot.message) {
                output.write(clockFaces[local.time.minuteOfDay])
                output.write(name)
                output.write(line.text)
                day?.add(line)
            }
        }
        day?.write(to: &output)
        let summary = plan.summary(matching: filter, people: people)
        output.write("Total: \(Figures.counted(summary.messages, "message")), "
                     + "\(Figures.counted(summary.occurrences, "occurrence")), "
                     + "\(Figures.counted(summary.sends.values.reduce(0, +), "send")) to "
                     + "\(Figures.grouped(summary.regionsReached)) of \(Figures.counted(summary.regions, "region")); "
                     + Figures.totals(summary) + Figures.dropped(summary.droppedRecipients) + "\n")
        if let people {
            PlanOverlapReport.write(plan, matching: filter, people: people, messages: Set(slots.map(\.message)), to: &output)
        }
    }

    static func padded(_ text: String, to width: Int) -> String {
        // Message names are ASCII words, so bytes are columns.
        text + String(repeating: " ", count: max(0, width - text.utf8.count))
    }

    /// What one occurrence of a message sends on one channel, printed the same
    /// for every occurrence, so worked out once per message.
    private struct Line {
        var channel: Channel
        var tally: ChannelTally
        /// Everything after the message name: the channel, the figures and a newline.
        var text: String
    }

    private struct MessageLines {
        let plan: Plan
        let filter: PlanFilter
        let regionMask: [Bool]?
        let people: PlanPeople?
        var cache: [Int: [Line]] = [:]

        init(plan: Plan, filter: PlanFilter, regionMask: [Bool]?, people: PlanPeople?) {
            self.plan = plan
            self.filter = filter
            self.regionMask = regionMask
            self.people = people
        }

        mutating func of(_ message: Int) -> [Line] {
            if let known = cache[message] { return known }
            let messagePlan = plan.messages[message]
            let lines = plan.channelTallies(messagePlan, filter: filter, regionMask: regionMask,
                                            reach: people?.reach(ofMessage: message))
                .filter { $0.tally.regions > 0 }
                .map { channel, tally in
                    var figures = Figures.counted(tally.regions, "region") + "  "
                        + Figures.delivered(tally.deliveries, on: channel, unknownRecipientLists: tally.unknownRecipientLists,
                                           estimated: tally.estimatedPeople)
                    if channel == .sms {
                        figures += Figures.toPeople(tally.people, unknownRecipientLists: tally.unknownRecipientLists)
                        figures += "  " + segments(messagePlan)
                    }
                    return Line(channel: channel, tally: tally,
                                text: "  " + padded(channel.rawValue, to: 7) + "  " + figures + "\n")
                }
            cache[message] = lines
            return lines
        }

        /// `2 segments (UCS-2)`, or a range when regions' names make the texts differ in length.
        private func segments(_ messagePlan: MessagePlan) -> String {
            guard let template = messagePlan.message.texts[.sms] else { return "" }
            let regions = messagePlan.regions.filter {
                (regionMask?[$0] ?? true) && plan.tree.isBound($0, to: .sms)
            }
            let measures = plan.renderer.measureSMS(template, regions: regions)
            let counts = measures.map(\.segments)
            let encodings = Set(measures.map(\.encoding.rawValue)).sorted().joined(separator: "/")
            guard let fewest = counts.min(), let most = counts.max() else { return "" }
            let range = fewest == most ? String(most) : "\(fewest)-\(most)"
            return "\(range) segment\(most == 1 ? "" : "s") (\(encodings))"
        }
    }

    private struct DayTotal {
        let date: LocalDate
        var occurrences = 0
        var sends: [Channel: Int] = [:]
        var deliveries: [Channel: Int] = [:]
        var unknownRecipientLists = 0
        /// nil once an SMS line without people is added.
        var people: Int? = 0

        mutating func add(_ line: Line) {
            if line.channel == .sms { people = line.tally.people.flatMap { sent in people.map { $0 + sent } } }
            sends[line.channel, default: 0] += line.tally.regions
            deliveries[line.channel, default: 0] += line.tally.deliveries
            unknownRecipientLists += line.tally.unknownRecipientLists
        }

        func write(to output: inout some TextOutputStream) {
            output.write("  \(date): \(Figures.counted(occurrences, "occurrence")), "
                         + "\(Figures.counted(sends.values.reduce(0, +), "send")); "
                         + Figures.deliveries(deliveries, sends: sends, unknownRecipientLists: unknownRecipientLists,
                                              people: people) + "\n\n")
        }
    }
}
