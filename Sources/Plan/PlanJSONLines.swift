import Schedule
import TextFormat

/// `broadcastctl plan --json`: one JSON object a line per (occurrence, region,
/// channel), keys in alphabetical order so the output is stable to diff.
/// With `people`, an SMS line also has `people` (the distinct numbers sent
/// from this region's list) and `duplicates` (its positions sent from another
/// list of the occurrence instead, or repeated), adding up to `recipients`.
public enum PlanJSONLines {
    public static func write(_ plan: Plan, matching filter: PlanFilter = PlanFilter(), people: PlanPeople? = nil,
                             to output: inout some TextOutputStream) {
        var timeOf: (instant: Int64, offset: Int, text: String)?
        var line = ""
        let messageIndex = Dictionary(plan.messages.enumerated().map { ($1.message.name, $0) },
                                      uniquingKeysWith: { first, _ in first })
        plan.forEachEntry(matching: filter) { entry in
            // Every send of one occurrence has the same time: format it once.
            if timeOf?.instant != entry.occurrence.instant || timeOf?.offset != entry.occurrence.utcOffset {
                timeOf = (entry.occurrence.instant, entry.occurrence.utcOffset, entry.occurrence.iso8601)
            }
            line.removeAll(keepingCapacity: true)
            var counts: (people: Int, duplicates: Int)?
            if entry.channel == .sms, let message = messageIndex[entry.occurrence.message],
               let reach = people?.reach(ofMessage: message), let region = plan.tree.index(of: entry.region.path),
               let sent = reach.people[region] {
                counts = (sent, reach.duplicates[region, default: 0])
            }
            append(entry, time: timeOf?.text ?? entry.occurrence.iso8601, counts: counts, to: &line)
            line += "\n"
            output.write(line)
        }
    }

    /// Keys: channel, encoding (SMS), endpoints (webhook), message, recipients
    /// (SMS, when the list is readable), region (the path), segments (SMS), text,
    /// time; `write` adds duplicates and people when it is given them.
    public static func line(for entry: PlanEntry) -> String {
        var line = ""
        append(entry, time: entry.occurrence.iso8601, counts: nil, to: &line)
        return line
    }

    private static func append(_ entry: PlanEntry, time: String, counts: (people: Int, duplicates: Int)?,
                               to line: inout String) {
        line += #"{"channel":"#
        JSONString.appendQuoted(entry.channel.rawValue, to: &line)
        if let counts { line += #","duplicates":\#(counts.duplicates)"# }
        if let sms = entry.sms {
            line += #","encoding":"#
            JSONString.appendQuoted(sms.encoding.rawValue, to: &line)
        }
        if entry.channel == .webhook {
            line += #","endpoints":["#
            for (index, endpoint) in entry.endpoints.enumerated() {
                if index > 0 { line += "," }
                JSONString.appendQuoted(endpoint, to: &line)
            }
            line += "]"
        }
        line += #","message":"#
        JSONString.appendQuoted(entry.occurrence.message, to: &line)
        if let counts { line += #","people":\#(counts.people)"# }
        if let recipients = entry.recipients { line += #","recipients":\#(recipients)"# }
        line += #","region":"#
        JSONString.appendQuoted(entry.region.path.description, to: &line)
        if let sms = entry.sms { line += #","segments":\#(sms.segments)"# }
        line += #","text":"#
        JSONString.appendQuoted(entry.text, to: &line)
        line += #","time":"#
        JSONString.appendQuoted(time, to: &line)
        line += "}"
    }
}
