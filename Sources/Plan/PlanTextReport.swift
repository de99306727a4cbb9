import Schedule

/// `broadcastctl plan` for people: occurrences in time order, one line per
/// message and channel (how many regions, recipients or endpoints, SMS
/// segments), a total under each day and one for the whole plan.
///
///     2021-02-09 Tuesday
///       20:00  launch  sms      111 regions  4,500 recipients  2 segments (UCS-2)
///       20:00  launch  webhook  111 regions  112 endpoints
///       2021-02-09: 1 occurrence, 222 sends; sms 4,500 recipients, webhook 112 endpoints
public enum PlanTextReport {
    public static func write(_ plan: Plan, matching filter: PlanFilter = PlanFilter(),
                             to output: inout some TextOutputStream) {
        let regionMask = filter.region.map(plan.tree.matches)
        var lines = MessageLines(plan: plan, filter: filter, regionMask: regionMask)
        let occurrences = plan.occurrences(matching: filter).filter { !lines.of($0.message).isEmpty }
        let nameWidth = occurrences.map { $0.occurrence.message.count }.max() ?? 0
        var day: DayTotal?
        for (occurrence, message) in occurrences {
            if day?.date != occurrence.local.date {
                day?.write(to: &output)
                day = DayTotal(date: occurrence.local.date)
                output.write("\(occurrence.local.date) \(occurrence.local.date.weekday.rawValue.capitalized)\n")
            }
            day?.occurrences += 1
            for line in lines.of(message) {
                output.write("  \(occurrence.local.time)  " + padded(occurrence.message, to: nameWidth)
                             + "  " + padded(line.channel.rawValue, to: 7) + "  " + line.figures + "\n")
                day?.add(line)
            }
        }
        day?.write(to: &output)
        let summary = plan.summary(matching: filter)
        output.write("Total: \(Figures.counted(summary.messages, "message")), "
                     + "\(Figures.counted(summary.occurrences, "occurrence")), "
                     + "\(Figures.counted(summary.sends.values.reduce(0, +), "send")) to "
                     + "\(Figures.grouped(summary.regionsReached)) of \(Figures.counted(summary.regions, "region")); "
                     + Figures.deliveries(summary.deliveries, sends: summary.sends,
                                          unknownRecipientLists: summary.sendsWithUnknownRecipients) + "\n")
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// What one occurrence of a message sends on one channel, printed the same
    /// for every occurrence, so worked out once per message.
    private struct Line {
        var channel: Channel
        var tally: ChannelTally
        var figures: String
    }

    private struct MessageLines {
        let plan: Plan
        let filter: PlanFilter
        let regionMask: [Bool]?
        var cache: [Int: [Line]] = [:]

        init(plan: Plan, filter: PlanFilter, regionMask: [Bool]?) {
            self.plan = plan
            self.filter = filter
            self.regionMask = regionMask
        }

        mutating func of(_ message: Int) -> [Line] {
            if let known = cache[message] { return known }
            let messagePlan = plan.messages[message]
            let lines = plan.channelTallies(messagePlan, filter: filter, regionMask: regionMask)
                .filter { $0.tally.regions > 0 }
                .map { channel, tally in
                    var figures = Figures.counted(tally.regions, "region") + "  "
                        + Figures.delivered(tally.deliveries, on: channel, unknownRecipientLists: tally.unknownRecipientLists)
                    if channel == .sms { figures += "  " + segments(messagePlan) }
                    return Line(channel: channel, tally: tally, figures: figures)
                }
            cache[message] = lines
            return lines
        }

        /// `2 segments (UCS-2)`, or a range when regions' names make the texts differ in length.
        private func segments(_ messagePlan: MessagePlan) -> String {
            guard let template = messagePlan.message.texts[.sms] else { return "" }
            let regions = messagePlan.regions.filter {
                (regionMask?[$0] ?? true) && plan.tree.regions[$0].isBound(to: .sms)
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

        mutating func add(_ line: Line) {
            sends[line.channel, default: 0] += line.tally.regions
            deliveries[line.channel, default: 0] += line.tally.deliveries
            unknownRecipientLists += line.tally.unknownRecipientLists
        }

        func write(to output: inout some TextOutputStream) {
            output.write("  \(date): \(Figures.counted(occurrences, "occurrence")), "
                         + "\(Figures.counted(sends.values.reduce(0, +), "send")); "
                         + Figures.deliveries(deliveries, sends: sends, unknownRecipientLists: unknownRecipientLists) + "\n\n")
        }
    }
}
