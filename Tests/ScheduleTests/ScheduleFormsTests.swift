import CivilDate
import LineLanguage
import Schedule
import Testing

struct ScheduleFormsTests {
    private static func time(_ hour: Int, _ minute: Int = 0) -> LocalTime { LocalTime(hour: hour, minute: minute)! }
    private static func date(_ text: String) -> LocalDate {
        let parts = text.split(separator: "-").map { Int($0)! }
        return LocalDate(year: parts[0], month: parts[1], day: parts[2])!
    }

    static let forms: [(String, Recurrence)] = [
        ("at 2021-02-09 20:00", .at([LocalDateTime(date: date("2021-02-09"), time: time(20))])),
        ("at 2021-02-09 20:00, 2021-02-10 9:05", .at([LocalDateTime(date: date("2021-02-09"), time: time(20)),
                                                     LocalDateTime(date: date("2021-02-10"), time: time(9, 5))])),
        ("every day 09:00, 18:30", .daily([time(9), time(18, 30)])),
        ("every monday 10:00", .weekly([.monday], [time(10)])),
        ("every mon, thu,sat 10:00", .weekly([.monday, .thursday, .saturday], [time(10)])),
        ("every weekday 08:30", .weekly([.monday, .tuesday, .wednesday, .thursday, .friday], [time(8, 30)])),
        ("every weekend 11:00", .weekly([.saturday, .sunday], [time(11)])),
        ("every weekend, fri 11:00", .weekly([.friday, .saturday, .sunday], [time(11)])),
        ("every 3 days 09:00", .everyNDays(3, [time(9)])),
        ("every 1 day 09:00", .everyNDays(1, [time(9)])),
        ("every 2 weeks on friday 15:00", .everyNWeeks(2, .friday, [time(15)])),
        ("every 1 week on sun 15:00", .everyNWeeks(1, .sunday, [time(15)])),
        ("every month on 1, 15 09:00", .monthly([1, 15], [time(9)])),
        ("every month on 28 23:59", .monthly([28], [time(23, 59)])),
        // Every form takes several times, as `every day` always has.
        ("every saturday 10:00, 16:00", .weekly([.saturday], [time(10), time(16)])),
        ("every 3 days 09:00, 21:00", .everyNDays(3, [time(9), time(21)])),
        ("every 2 weeks on friday 09:00, 15:00", .everyNWeeks(2, .friday, [time(9), time(15)])),
        ("every month on 1, 15 09:00, 18:00", .monthly([1, 15], [time(9), time(18)])),
        // What a Chinese input method types: full-width commas, colons and digits, the ideographic space.
        ("every monday，thursday 10：00", .weekly([.monday, .thursday], [time(10)])),
        ("every mon、thu\u{3000}１０：００", .weekly([.monday, .thursday], [time(10)])),
        ("at ２０２１－０２－０９ 20:00， 2021-02-10 09:00", .at([LocalDateTime(date: date("2021-02-09"), time: time(20)),
                                                              LocalDateTime(date: date("2021-02-10"), time: time(9))])),
    ]

    @Test(arguments: forms)
    func eachFormParsesToItsRecurrence(line: String, expected: Recurrence) throws {
        let result = ScheduleTestSupport.load("message m\n    \(line)\n    to jiangxi\n    via webhook\n    text hi\n")
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        #expect(document.messages[0].rules.map(\.recurrence) == [expected])
    }

    @Test func severalLinesAddUpAndKeepTheirPlaces() throws {
        let result = ScheduleTestSupport.load("""
            message m
                every monday 10:00
                at 2021-03-01 12:00
                every month on 5 09:00
                to jiangxi
                via webhook
                text hi

            """)
        let rules = try #require(result.document).messages[0].rules
        #expect(rules.count == 3)
        #expect(rules.map(\.location.line) == [16, 17, 18])
        #expect(rules.allSatisfy { $0.location.column == 5 })
    }

    @Test func targetsKeepIncludeAndExceptLists() throws {
        let result = ScheduleTestSupport.load("""
            message m
                at 2021-03-01 12:00
                to jiangxi, jiangxi/** except jiangxi/nanchang/*, jiangxi/jiujiang
                via webhook
                text hi

            """)
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        let targets = document.messages[0].targets
        #expect(targets.include == [.region(RegionPath("jiangxi")), .descendants(RegionPath("jiangxi"))])
        #expect(targets.exclude == [.children(RegionPath("jiangxi/nanchang")), .region(RegionPath("jiangxi/jiujiang"))])
        #expect(document.regions(reachedBy: targets).map(\.path.description) == ["jiangxi", "jiangxi/nanchang"])
    }

    @Test func sharedTextGoesToEveryChannelWithoutItsOwn() throws {
        let result = ScheduleTestSupport.load("""
            message m
                at 2021-03-01 12:00
                to jiangxi
                via sms, webhook
                text 共同 {{不是变量}} {campaign}
                webhook 专用 {date}

            """)
        let texts = try #require(result.document, "\(result.renderedDiagnostics)").messages[0].texts
        #expect(texts[.sms]?.parts == [.literal("共同 {不是变量} "), .variable("campaign")])
        #expect(texts[.webhook]?.parts == [.literal("专用 "), .variable("date")])
        #expect(texts[.webhook]?.location.column == 13)
    }

    @Test func regionVariablesAreInheritedAndOverrideTheCampaign() throws {
        let result = ScheduleTestSupport.load("""
            region jiangxi/nanchang/xihu 西湖区
                set hotline 12345
            message m
                at 2021-03-01 12:00
                to jiangxi/nanchang/**
                via sms
                sms {station} {hotline} {region.path}

            """)
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        let xihu = try #require(document.regions.first { $0.path.description == "jiangxi/nanchang/xihu" })
        let donghu = try #require(document.regions.first { $0.path.description == "jiangxi/nanchang/donghu" })
        #expect(document.variables(for: xihu)["hotline"] == "12345")
        #expect(document.variables(for: xihu)["station"] == "南昌市公安局")
        #expect(document.variables(for: donghu)["hotline"] == "96110")
        #expect(document.variables(for: donghu)["region"] == "东湖区")
        #expect(document.variables(for: donghu)["region.path"] == "jiangxi/nanchang/donghu")
        #expect(document.variables(for: donghu)["campaign"] == "春风行动")
    }

    @Test func quietHoursMayBeSeveralAndCrossMidnight() throws {
        let result = ScheduleLoader.load(path: "q", files: ["q": """
            campaign c T
                starts 2021-02-09
                ends 2021-02-28
                timezone Europe/Berlin
                quiet 22:00-07:00, 12:00-13:30 for sms
                quiet 23:00-06:00 for webhook
            region r R
            message m
                every day 07:00, 13:30, 21:59
                to r
                via sms
                text hi

            """])
        let campaign = try #require(result.document, "\(result.renderedDiagnostics)").campaign
        #expect(campaign.quiet.map(\.description) == ["22:00-07:00", "12:00-13:30", "23:00-06:00"])
        #expect(campaign.quiet.map(\.channels) == [[.sms], [.sms], [.webhook]])
        #expect(campaign.quiet[0].contains(LocalTime(hour: 0, minute: 30)!))
        #expect(!campaign.quiet[0].contains(LocalTime(hour: 7, minute: 0)!))
    }
}
