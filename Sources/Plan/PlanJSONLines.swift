import Schedule
import TextFormat

/// `broadcastctl plan --json`: one JSON object a line per (occurrence, region,
/// channel), keys in alphabetical order so the output is stable to diff.
/// With `people`, an SMS line also has `people` (the distinct numbers sent
/// from this region's list) and `duplicates` (its positions sent from another
/// list of the occurrence instead, or repeated), adding up to `recipients`.
/// `campaign`, and for SMS `gateway` (the region's `via`, else the campaign's
/// `sms-gateway`) and `list` (the file as the schedule names it), are what a
/// downstream tool needs to join the plan with `broadcastd.conf` and the lists.
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
            append(entry, campaign: plan.document.campaign, time: timeOf?.text ?? entry.occurrence.iso8601,
                   counts: counts, to: &line)
            line += "\n"
            output.write(line)
        }
    }

    /// Keys: campaign, channel, encoding (SMS), endpoints (webhook), gateway and
    /// list (SMS), message, recipients (SMS, when the list is readable), region
    /// (the path), segments (SMS), text, time; people_estimate (SMS, a list not
    /// readable in a region with `people N`); `write` adds duplicates and people
    /// when it is given them.
    public static func line(for entry: PlanEntry, campaign: Campaign) -> String {
        var line = ""
        append(entry, campaign: campaign, time: entry.occurrence.iso8601, counts: nil, to: &line)
        return line
    }

    private static func append(_ entry: PlanEntry, campaign: Campaign, time: String,
                               counts: (people: Int, duplicates: Int)?, to line: inout String) {
        line += #"{"campaign":"#
        JSONString.appendQuoted(campaign.name, to: &line)
        line += #","channel":"#
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
        if entry.channel == .sms, let list = entry.region.sms {
            if let gateway = list.gateway ?? campaign.smsGateway {
                line += #","gateway":"#
                JSONString.appendQuoted(gateway, to: &line)
            }
            line += #","list":"#
            JSONString.appendQuoted(list.path, to: &line)
        }
        line += #","message":"#
        JSONString.appendQuoted(entry.occurrence.message, to: &line)
        if let counts { line += #","people":\#(counts.people)"# }
        // A list not readable yet: the region's census-style estimate, named as one.
        if entry.channel == .sms, entry.recipients == nil, let estimate = entry.region.people {
            line += #","people_estimate":\#(estimate)"#
        }
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
