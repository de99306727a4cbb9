import CivilDate
import LineLanguage
import Plan
import Schedule

/// Model values built by hand, as the loader would build them, from the
/// spellings the schedule language uses.
enum Fixture {
    static let location = SourceLocation(file: "campaign.schedule", line: 1, column: 1)

    static func date(_ text: String) -> LocalDate {
        let numbers = text.split(separator: "-").map { Int($0)! }
        return LocalDate(year: numbers[0], month: numbers[1], day: numbers[2])!
    }

    static func time(_ text: String) -> LocalTime {
        let numbers = text.split(separator: ":").map { Int($0)! }
        return LocalTime(hour: numbers[0], minute: numbers[1])!
    }

    /// `2021-02-09 20:00`
    static func moment(_ text: String) -> LocalDateTime {
        let halves = text.split(separator: " ").map(String.init)
        return LocalDateTime(date: date(halves[0]), time: time(halves[1]))
    }

    static func days(_ text: String) -> DateRange {
        let ends = text.components(separatedBy: "..")
        return DateRange(first: date(ends[0]), last: date(ends.count > 1 ? ends[1] : ends[0]))
    }

    /// `jiangxi`, `jiangxi/*`, `jiangxi/**`
    static func selector(_ text: String) -> RegionSelector {
        if text.hasSuffix("/**") { return .descendants(RegionPath(String(text.dropLast(3)))) }
        if text.hasSuffix("/*") { return .children(RegionPath(String(text.dropLast(2)))) }
        return .region(RegionPath(text))
    }

    static func targets(_ include: [String], except exclude: [String] = []) -> Targets {
        Targets(include: include.map(selector), exclude: exclude.map(selector))
    }

    /// Splits `{name}` references out of literal text (no `{{` escapes: the loader's job).
    static func template(_ text: String, line: Int = 1) -> TextTemplate {
        var parts: [TextTemplate.Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            parts.append(.variable(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return TextTemplate(parts: parts, source: text, location: SourceLocation(file: "campaign.schedule", line: line, column: 13))
    }

    static func campaign(starts: String = "2021-02-09", ends: String = "2021-05-08", timeZone: String = "Asia/Shanghai",
                         signature: String? = "【江西公安】", variables: [String: String] = ["hotline": "96110"]) -> Campaign {
        Campaign(name: "chunfeng", title: "全民反电诈集中宣传\"春风\"行动", starts: date(starts), ends: date(ends),
                 timeZone: timeZone, signature: signature, smsGateway: "kannel-main", variables: variables,
                 location: location)
    }

    static func region(_ path: String, _ name: String, sms: String? = nil, webhooks: [String] = [],
                       variables: [String: String] = [:], people: Int? = nil) -> Region {
        Region(path: RegionPath(path), displayName: name,
               sms: sms.map { RecipientList(path: $0, resolvedPath: $0, gateway: nil, location: location) },
               webhooks: webhooks, variables: variables, people: people, location: location)
    }

    static func message(_ name: String, _ rules: [Recurrence], from: String? = nil, until: String? = nil,
                        except: [String] = [], to targets: Targets = targets(["jiangxi"]),
                        via channels: [Channel] = [.sms], texts: [Channel: String] = [:], line: Int = 10) -> Message {
        let written = texts.isEmpty ? Dictionary(uniqueKeysWithValues: channels.map { ($0, "\(name) text") }) : texts
        return Message(name: name, rules: rules.map { Rule($0, location: location) },
                       from: from.map(date), until: until.map(date), except: except.map(days),
                       targets: targets, channels: channels,
                       texts: written.mapValues { template($0, line: line + 1) },
                       location: SourceLocation(file: "campaign.schedule", line: line, column: 1))
    }

    static func document(campaign: Campaign = campaign(), regions: [Region] = [region("jiangxi", "江西省")],
                         messages: [Message]) -> ScheduleDocument {
        ScheduleDocument(campaign: campaign, regions: regions, messages: messages, files: ["campaign.schedule"])
    }

    /// The wall times of a message's occurrences, `2021-02-22 10:00`.
    static func wallTimes(_ message: Message, in campaign: Campaign = campaign()) -> [String] {
        var clock = ZoneClock(identifier: campaign.timeZone)!
        return message.occurrences(in: campaign, clock: &clock).map(\.local.description)
    }
}
