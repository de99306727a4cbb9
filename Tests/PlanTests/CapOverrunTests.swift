import LineLanguage
import Plan
import Schedule
import Testing

/// The cap analysis alone: which days and weeks a campaign's `cap` lines would
/// skip sends in, for whom, and which sends. No list is read.
struct CapOverrunTests {
    static let province = Fixture.region("jiangxi", "江西省", sms: "/nonexistent/jiangxi.txt")
    static let city = Fixture.region("jiangxi/nanchang", "南昌市", sms: "/nonexistent/nanchang.txt")
    static let county = Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: "/nonexistent/donghu.txt")
    static let otherCity = Fixture.region("jiangxi/jiujiang", "九江市", sms: "/nonexistent/jiujiang.txt")
    static let regions = [province, city, county, otherCity]

    static func cap(_ count: Int, per period: FrequencyCap.Period, line: Int = 5) -> FrequencyCap {
        FrequencyCap(channel: .sms, count: count, period: period,
                     location: SourceLocation(file: "campaign.schedule", line: line, column: 5))
    }

    static func plan(_ messages: [Message], caps: [FrequencyCap], campaign: Campaign = Fixture.campaign(),
                     regions: [Region] = regions) throws -> Plan {
        var campaign = campaign
        campaign.caps = caps
        return try Plan(Fixture.document(campaign: campaign, regions: regions, messages: messages))
    }

    static func once(_ name: String, _ moment: String, to targets: [String], line: Int = 10) -> Message {
        Fixture.message(name, [.at([Fixture.moment(moment)])], to: Fixture.targets(targets), line: line)
    }

    static func names(_ occurrences: [Occurrence]) -> [String] {
        occurrences.map { "\($0.message) \($0.local)" }
    }

    @Test func provinceCityAndCountyMessagesStackForTheCountysPeople() throws {
        let plan = try Self.plan([
            Self.once("province", "2021-03-02 09:00", to: ["jiangxi"]),
            Self.once("county", "2021-03-02 18:00", to: ["jiangxi/nanchang/donghu"]),
            Self.once("city", "2021-03-02 12:00", to: ["jiangxi/nanchang"]),
        ], caps: [Self.cap(2, per: .day)])
        let overruns = plan.capOverruns()
        let overrun = try #require(overruns.first)
        #expect(overruns.count == 1)
        #expect(overrun.regions == [2])
        #expect(overrun.period == Fixture.date("2021-03-02"))
        #expect(Self.names(overrun.occurrences) == ["province 2021-03-02 09:00", "city 2021-03-02 12:00", "county 2021-03-02 18:00"])
        #expect(Self.names(overrun.capped) == ["county 2021-03-02 18:00"])
    }

    @Test func oneOccurrenceReachingSeveralOfAPersonsListsCountsOnce() throws {
        let plan = try Self.plan([
            Self.once("everyone", "2021-03-02 09:00", to: ["jiangxi", "jiangxi/**"]),
            Self.once("city", "2021-03-02 12:00", to: ["jiangxi/nanchang"]),
        ], caps: [Self.cap(2, per: .day)])
        #expect(plan.capOverruns().isEmpty)
    }

    /// Which of the three regions has nobody on a list for the messages to stack on.
    enum Nobody: CaseIterable {
        /// The province has no list: its message passes nothing on to the county's people.
        case provinceWithoutAList
        /// The county's list is empty: nobody there to warn about.
        case emptyCountyList

        func regions(in scratch: Scratch) throws -> [Region] {
            switch self {
            case .provinceWithoutAList:
                return [Fixture.region("jiangxi", "江西省"), CapOverrunTests.city, CapOverrunTests.county]
            case .emptyCountyList:
                return [CapOverrunTests.province, CapOverrunTests.city,
                        Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: try scratch.write("empty.txt", "# none yet\n"))]
            }
        }
    }

    @Test(arguments: Nobody.allCases)
    func aListWithNobodyOnItMakesNoOverrun(_ nobody: Nobody) throws {
        let scratch = try Scratch()
        let plan = try Self.plan([
            Self.once("province", "2021-03-02 09:00", to: ["jiangxi"]),
            Self.once("county", "2021-03-02 18:00", to: ["jiangxi/nanchang/donghu"]),
            Self.once("city", "2021-03-02 12:00", to: ["jiangxi/nanchang"]),
        ], caps: [Self.cap(2, per: .day)], regions: try nobody.regions(in: scratch))
        #expect(plan.capOverruns().isEmpty)
    }

    @Test func theWeekStartsAgainOnMonday() throws {
        // Friday 2021-02-12 to Monday 2021-02-15.
        let daily = Fixture.message("daily", [.daily([Fixture.time("10:00")])], from: "2021-02-12", until: "2021-02-15",
                                    to: Fixture.targets(["jiangxi/jiujiang"]))
        let plan = try Self.plan([daily], caps: [Self.cap(2, per: .week)])
        let overruns = plan.capOverruns()
        #expect(overruns.map(\.period) == [Fixture.date("2021-02-08")])
        #expect(overruns.map { Self.names($0.capped) } == [["daily 2021-02-14 10:00"]])
        #expect(overruns.first?.regions == [3])
    }

    @Test func daysAreTheCampaignZonesAcrossADaylightSavingChange() throws {
        // New York springs forward on 2021-03-14: 02:30 does not exist and fires at 03:30.
        // 23:30 on the 13th is already the 14th in UTC, yet still the 13th where the campaign counts.
        let campaign = Fixture.campaign(starts: "2021-03-01", ends: "2021-03-31", timeZone: "America/New_York")
        let plan = try Self.plan([
            Self.once("late", "2021-03-13 23:30", to: ["jiangxi/jiujiang"]),
            Self.once("early", "2021-03-14 01:30", to: ["jiangxi/jiujiang"]),
            Self.once("gap", "2021-03-14 02:30", to: ["jiangxi/jiujiang"]),
        ], caps: [Self.cap(1, per: .day)], campaign: campaign)
        let overruns = plan.capOverruns()
        #expect(overruns.map(\.period) == [Fixture.date("2021-03-14")])
        #expect(overruns.map { Self.names($0.capped) } == [["gap 2021-03-14 03:30"]])
    }

    @Test func aSendTheDayCapStopsDoesNotCountAgainstTheWeek() throws {
        let plan = try Self.plan([
            Self.once("mon-a", "2021-03-01 09:00", to: ["jiangxi/jiujiang"]),
            Self.once("mon-b", "2021-03-01 12:00", to: ["jiangxi/jiujiang"]),
            Self.once("mon-c", "2021-03-01 18:00", to: ["jiangxi/jiujiang"]),
            Self.once("tue-a", "2021-03-02 09:00", to: ["jiangxi/jiujiang"]),
            Self.once("tue-b", "2021-03-02 12:00", to: ["jiangxi/jiujiang"]),
        ], caps: [Self.cap(2, per: .day), Self.cap(3, per: .week, line: 6)])
        let overruns = plan.capOverruns()
        #expect(overruns.map(\.cap.period) == [.day, .week])
        #expect(Self.names(overruns[0].capped) == ["mon-c 2021-03-01 18:00"])
        #expect(overruns[1].period == Fixture.date("2021-03-01"))
        #expect(Self.names(overruns[1].occurrences) == ["mon-a 2021-03-01 09:00", "mon-b 2021-03-01 12:00",
                                                        "tue-a 2021-03-02 09:00", "tue-b 2021-03-02 12:00"])
        #expect(Self.names(overruns[1].capped) == ["tue-b 2021-03-02 12:00"])
    }

    @Test func webhookCapsAndMessagesAreLeftOut() throws {
        let webhookCap = FrequencyCap(channel: .webhook, count: 1, period: .day, location: Fixture.location)
        let posts = Fixture.message("posts", [.daily([Fixture.time("10:00"), Fixture.time("11:00")])],
                                    from: "2021-03-01", until: "2021-03-02", to: Fixture.targets(["jiangxi"]), via: [.webhook])
        let regions = [Fixture.region("jiangxi", "江西省", sms: "/nonexistent/jiangxi.txt", webhooks: ["desk"])]
        #expect(try Self.plan([posts], caps: [webhookCap, Self.cap(1, per: .day)], regions: regions).capOverruns().isEmpty)
    }
}
