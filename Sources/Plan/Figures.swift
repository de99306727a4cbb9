import Schedule
import TextFormat

/// Numbers as the reports print them: `4,500 recipients`, `1 region`.
enum Figures {
    static func grouped(_ value: Int) -> String { value.groupedDigits }

    static func counted(_ value: Int, _ noun: String) -> String {
        "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `sms 4,500 recipients, webhook 112 endpoints`; a `+` and a note when
    /// some recipient lists could not be read, so the count is a lower bound;
    /// with `people`, `sms 4,500 recipients to 4,200 people`.
    static func deliveries(_ deliveries: [Channel: Int], sends: [Channel: Int], unknownRecipientLists: Int,
                           people: Int? = nil) -> String {
        let parts = Channel.allCases.filter { sends[$0, default: 0] > 0 }.map { channel in
            "\(channel.rawValue) " + delivered(deliveries[channel, default: 0], on: channel,
                                               unknownRecipientLists: channel == .sms ? unknownRecipientLists : 0)
                + (channel == .sms ? toPeople(people, unknownRecipientLists: unknownRecipientLists) : "")
        }
        return parts.isEmpty ? "nothing to send" : parts.joined(separator: ", ")
    }

    /// A summary's totals: `sms 4,076 list entries: 3,806 SMS (7,612 segments)
    /// to 110 people, webhook 1,890 endpoints`. List entries are positions over
    /// every occurrence; SMS are what goes out once each person gets one copy per
    /// occurrence; people are counted once however many SMS they get.
    static func totals(_ summary: PlanSummary) -> String {
        let parts = Channel.allCases.filter { summary.sends[$0, default: 0] > 0 }.map { channel -> String in
            let count = summary.deliveries[channel, default: 0]
            guard channel == .sms else { return "\(channel.rawValue) " + counted(count, "endpoint") }
            let unknown = summary.sendsWithUnknownRecipients
            var text = "sms \(grouped(count))\(unknown > 0 ? "+" : "") list \(count == 1 && unknown == 0 ? "entry" : "entries")"
            if unknown > 0 { text += " (\(counted(unknown, "unreadable list"))\(estimate(summary.estimatedSMS, "SMS")))" }
            // With an unreadable list, every figure after it is a lower bound.
            let plus = unknown > 0 ? "+" : ""
            if let sent = summary.people {
                text += ": \(grouped(sent))\(plus) SMS"
                if let segments = summary.smsSegments {
                    text += " (\(grouped(segments))\(plus) segment\(segments == 1 && unknown == 0 ? "" : "s"))"
                }
                if let people = summary.distinctPeople {
                    text += " to \(grouped(people))\(plus) \(people == 1 && unknown == 0 ? "person" : "people")"
                }
            }
            return text
        }
        return parts.isEmpty ? "nothing to send" : parts.joined(separator: ", ")
    }

    /// `; 12 malformed numbers dropped`, or nothing when every line was a number.
    static func dropped(_ count: Int) -> String {
        count == 0 ? "" : "; \(counted(count, "malformed number")) dropped"
    }

    /// ` to 4,200 people` (` to 4+ people` when lists could not be read), or nothing when not counted.
    static func toPeople(_ people: Int?, unknownRecipientLists: Int) -> String {
        guard let people else { return "" }
        return " to \(grouped(people))\(unknownRecipientLists > 0 ? "+" : "") \(people == 1 && unknownRecipientLists == 0 ? "person" : "people")"
    }

    /// `, ~6,255,007 SMS by the regions' estimates` when unreadable lists' regions have `people N`.
    static func estimate(_ count: Int, _ noun: String) -> String {
        count > 0 ? ", ~\(grouped(count)) \(noun) by the regions' estimates" : ""
    }

    static func delivered(_ count: Int, on channel: Channel, unknownRecipientLists: Int, estimated: Int = 0) -> String {
        switch channel {
        case .webhook:
            return counted(count, "endpoint")
        case .sms where unknownRecipientLists == 0:
            return counted(count, "recipient")
        case .sms:
            return "\(grouped(count))+ recipients (\(counted(unknownRecipientLists, "unreadable list"))\(estimate(estimated, "people")))"
        }
    }
}

extension PlanSummary: CustomStringConvertible {
    /// `111 regions, 2 messages, 23 occurrences; sms 4,500 recipients, webhook 112 endpoints`
    public var description: String {
        "\(Figures.counted(regions, "region")), \(Figures.counted(messages, "message")), "
            + "\(Figures.counted(occurrences, "occurrence")); "
            + Figures.totals(self) + Figures.dropped(droppedRecipients)
    }
}
