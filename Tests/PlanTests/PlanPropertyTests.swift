import CivilDate
import LineLanguage
import Plan
import SMSText
import Schedule
import Testing

/// Random documents from a fixed seed: whatever the rules, targets and
/// bindings, the summary's arithmetic must agree with the sends listed one by one.
struct PlanPropertyTests {
    static func randomDocument(_ random: inout SeededGenerator, lists: [String]) -> ScheduleDocument {
        var regions = [Fixture.region("p", "省", webhooks: ["desk"])]
        for city in 0..<4 {
            regions.append(Fixture.region("p/c\(city)", "市\(city)", sms: city % 2 == 0 ? lists.randomElement(using: &random) : nil,
                                          webhooks: city == 1 ? [] : (0..<city).map { "hook\($0)" }))
            for county in 0..<3 {
                regions.append(Fixture.region("p/c\(city)/k\(county)", "县\(county)", sms: lists.randomElement(using: &random)))
            }
        }
        let selectors = ["p", "p/*", "p/**", "p/c0/**", "p/c1/*", "p/c2", "p/c3/k1"]
        // GSM-7 and UCS-2, extension characters, several segments, an unknown variable.
        let texts = ["{region} {date}", "{region.path} {date} [x] ~ {nope}", String(repeating: "Call 96110 {date}. ", count: 12),
                     "{region} " + String(repeating: "反诈", count: 40), "😀 {region.path} {date}"]
        let zone = ["Asia/Shanghai", "America/New_York", "Europe/Berlin"].randomElement(using: &random)!
        let messages = (0..<Int.random(in: 1...8, using: &random)).map { index in
            let time = LocalTime(hour: Int.random(in: 0...23, using: &random), minute: [0, 30].randomElement(using: &random)!)!
            let rule: Recurrence = switch Int.random(in: 0...4, using: &random) {
            case 0: .daily([time])
            case 1: .weekly([.monday, .sunday], [time])
            case 2: .everyNDays(Int.random(in: 1...9, using: &random), [time])
            case 3: .everyNWeeks(Int.random(in: 1...3, using: &random), .saturday, [time])
            default: .monthly([1, 29, 31], [time])
            }
            let include = (0..<Int.random(in: 1...3, using: &random)).map { _ in selectors.randomElement(using: &random)! }
            let except = Bool.random(using: &random) ? [selectors.randomElement(using: &random)!] : []
            let channels: [Channel] = [[.sms], [.webhook], [.sms, .webhook]].randomElement(using: &random)!
            return Fixture.message("m\(index)", [rule], except: ["2021-03-01..2021-03-10"],
                                   to: Fixture.targets(include, except: except), via: channels,
                                   texts: Dictionary(uniqueKeysWithValues: channels.map { ($0, texts.randomElement(using: &random)!) }))
        }
        return Fixture.document(campaign: Fixture.campaign(starts: "2021-01-15", ends: "2021-04-15", timeZone: zone),
                                regions: regions, messages: messages)
    }

    @Test(arguments: 1...25)
    func summaryAgreesWithTheEntries(seed: Int) throws {
        let scratch = try Scratch()
        let lists = [try scratch.write("a.txt", "1\n2\n"), try scratch.write("b.txt", "1\n2\n3\n#x\n"), scratch.directory + "/none.txt"]
        var random = SeededGenerator(seed: UInt64(seed))
        let plan = try Plan(Self.randomDocument(&random, lists: lists))
        let filters = [PlanFilter(), PlanFilter(from: Fixture.date("2021-02-01"), to: Fixture.date("2021-03-31")),
                       PlanFilter(region: Fixture.selector("p/c0/**"), channel: .sms)]
        for filter in filters {
            let entries = plan.entries(matching: filter)
            let summary = plan.summary(matching: filter)
            for channel in Channel.allCases {
                let sends = entries.filter { $0.channel == channel }
                #expect(summary.sends[channel, default: 0] == sends.count)
                let delivered = channel == .sms ? sends.compactMap(\.recipients).reduce(0, +) : sends.map(\.endpoints.count).reduce(0, +)
                #expect(summary.deliveries[channel, default: 0] == delivered)
            }
            #expect(summary.sendsWithUnknownRecipients == entries.count { $0.channel == .sms && $0.recipients == nil })
            #expect(summary.occurrences == Set(entries.map(\.occurrence)).count)
            #expect(summary.messages == Set(entries.map(\.occurrence.message)).count)
            #expect(summary.regionsReached == Set(entries.map(\.region.path)).count)
            #expect(entries.map(\.occurrence.instant) == entries.map(\.occurrence.instant).sorted())
            #expect(Set(entries.map { "\($0.occurrence.message) \($0.occurrence.instant) \($0.region.path) \($0.channel)" }).count
                == entries.count)
            #expect(entries.allSatisfy { $0.region.isBound(to: $0.channel) })
            // Sizes are worked out from the template's pieces; they must be the rendered text's.
            #expect(entries.allSatisfy { $0.channel != .sms || $0.sms == SMSMeasure($0.text) })
        }
    }
}
