import LineLanguage
@testable import Plan
import SMSText
import Schedule
import Testing

struct PlanTests {
    @Test func theLaunchGoesToEveryBoundRegionAndChannelInOrder() throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        let launch = plan.entries(matching: PlanFilter(to: Fixture.date("2021-02-09")))
        #expect(launch.map { "\($0.region.path) \($0.channel)" } == [
            "jiangxi webhook",
            "jiangxi/nanchang sms", "jiangxi/nanchang webhook",
            "jiangxi/nanchang/donghu sms",
            "jiangxi/jiujiang sms", "jiangxi/jiujiang webhook",
        ])
        #expect(launch.allSatisfy { $0.occurrence.iso8601 == "2021-02-09T20:00:00+08:00" })
        #expect(launch.map(\.recipients) == [nil, 3, nil, 2, nil, nil])
        #expect(launch.map(\.endpoints) == [["province-media-desk"], [], ["nanchang-police-wecom"], [], [],
                                            ["jiujiang-bot", "jiujiang-media"]])
        #expect(launch[1].text == "【江西公安】\"春风\"行动今晚启动。公检法不会电话要求转账，接到96110来电请务必接听。")
        #expect(launch[1].sms == SMSMeasure(launch[1].text))
        #expect(launch[0].sms == nil)
        #expect(launch[2].text.hasSuffix("南昌市分会场与南昌主会场同步启动。反诈预警专号：96110"))
    }

    @Test func entriesComeInTimeOrder() throws {
        let scratch = try Scratch()
        let entries = try Plan(Chunfeng.document(recipients: scratch)).entries()
        #expect(entries.count == 6 + 10 * 2)
        #expect(entries.map(\.occurrence) == entries.map(\.occurrence).sorted())
        #expect(entries.last?.occurrence.local.description == "2021-05-03 10:00")
        #expect(entries.last?.text == "【江西公安】九江市反诈中心提醒：不出租、不出借手机卡和银行卡。")
    }

    /// Donghu has no webhook, but Nanchang's group above it gets the launch: covered
    /// from above. The province has no SMS list, but both its cities have: covered
    /// from below, unless a city is left out.
    @Test func unboundRegionsAreThoseNeitherAncestorsNorChildrenCover() throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        #expect(plan.messages.map(\.unbound) == [[:], [:]])
        #expect(plan.tree.uncovered([0, 1, 2], on: .sms) == [0])
        #expect(plan.tree.uncovered([2], on: .webhook) == [2])
        #expect(plan.tree.uncovered([0, 2], on: .webhook) == [])
        #expect(plan.tree.uncovered([0, 1, 2, 3], on: .webhook) == [])
        #expect(plan.messages.map(\.regions) == [[0, 1, 2, 3], [1, 3]])
    }

    @Test(arguments: [
        (PlanFilter(channel: .webhook), ["jiangxi", "jiangxi/nanchang", "jiangxi/jiujiang"]),
        (PlanFilter(region: Fixture.selector("jiangxi/nanchang/**")), ["jiangxi/nanchang/donghu"]),
        (PlanFilter(from: Fixture.date("2021-03-01"), to: Fixture.date("2021-03-08")),
         ["jiangxi/nanchang", "jiangxi/jiujiang", "jiangxi/nanchang", "jiangxi/jiujiang"]),
        (PlanFilter(from: Fixture.date("2021-04-05"), to: Fixture.date("2021-04-11")), []),
        (PlanFilter(region: Fixture.selector("jiangxi"), channel: .sms), []),
    ])
    func filtersNarrowTheEntries(filter: PlanFilter, regions: [String]) throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        #expect(plan.entries(matching: filter).map(\.region.path.description) == regions)
    }

    @Test func summaryCountsEverySend() throws {
        let scratch = try Scratch()
        let summary = try Plan(Chunfeng.document(recipients: scratch)).summary()
        #expect(summary == PlanSummary(regions: 4, regionsReached: 4, messages: 2, occurrences: 11,
                                       sends: [.sms: 3 + 20, .webhook: 3],
                                       deliveries: [.sms: 3 + 2 + 10 * 3, .webhook: 4],
                                       sendsWithUnknownRecipients: 1 + 10))
        #expect(summary.description
            == "4 regions, 2 messages, 11 occurrences; sms 35+ list entries (11 unreadable lists), webhook 4 endpoints")
    }

    @Test func summaryAgreesWithTheEntriesUnderAFilter() throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        let filter = PlanFilter(to: Fixture.date("2021-03-01"), region: Fixture.selector("jiangxi/nanchang"))
        let entries = plan.entries(matching: filter)
        let summary = plan.summary(matching: filter)
        #expect(summary.sends == [.sms: entries.count { $0.channel == .sms }, .webhook: entries.count { $0.channel == .webhook }])
        #expect(summary.deliveries[.sms] == entries.compactMap(\.recipients).reduce(0, +))
        #expect(summary.occurrences == Set(entries.map(\.occurrence)).count)
        #expect(summary.regionsReached == 1)
    }

    /// Without Jiujiang's list, neither Jiujiang nor the province above it has anyone to send to.
    @Test func warnsAboutUncoveredRegionsAtTheMessageByName() throws {
        let scratch = try Scratch()
        var document = try Chunfeng.document(recipients: scratch)
        document.regions[3].sms = nil
        let warnings = try Plan(document).warnings()
        #expect(warnings.map(\.message) == ["message 'launch': nothing is sent by sms to jiangxi, jiangxi/jiujiang",
                                            "message 'weekly-tip': nothing is sent by sms to jiangxi/jiujiang"])
        #expect(warnings.map(\.location.line) == [12, 21])
    }

    @Test func warnsAboutSMSAboveThreeSegmentsAtItsText() throws {
        let long = String(repeating: "请", count: 192)
        let document = Fixture.document(
            regions: [Fixture.region("jiangxi", "江西省", sms: "/nonexistent/sms.txt"), Fixture.region("jiangxi/ganzhou", "赣州市", sms: "/nonexistent/sms.txt")],
            messages: [
                Fixture.message("fits", [.daily([Fixture.time("09:00")])], texts: [.sms: "{region}" + long]),
                Fixture.message("too-long", [.daily([Fixture.time("09:00")])], to: Fixture.targets(["jiangxi/**"]),
                                texts: [.sms: "{region}" + long + "。"], line: 30),
            ])
        // The signature (6) + 3 + 192 = 201 units fill three parts of 67; one more does not.
        let warnings = try Plan(document).warnings()
        #expect(warnings.map(\.message) == ["message 'too-long': the SMS takes up to 4 segments (202 UCS-2 units) in 1 region"])
        #expect(warnings.first?.location == SourceLocation(file: "campaign.schedule", line: 31, column: 13))
        #expect(warnings.first?.severity == .warning)
    }

    @Test(arguments: [
        ("2021-02-09", "2021-05-08", [1, 31, 30], "2021-02 (no 30, 31), 2021-04 (no 31)"),
        ("2020-01-15", "2020-03-15", [29], nil),
        ("2021-01-15", "2021-03-15", [29, 15], "2021-02 (no 29)"),
        // The window ends on the month's last day: the next month's first is not in it.
        ("2021-01-15", "2021-02-28", [30], nil),
        ("2021-01-15", "2021-03-01", [30], "2021-02 (no 30)"),
    ])
    func warnsAboutMonthsAMonthlyRuleSkips(starts: String, ends: String, days: [Int], skipped: String?) throws {
        let document = Fixture.document(campaign: Fixture.campaign(starts: starts, ends: ends),
                                        regions: [Fixture.region("jiangxi", "江西省", sms: "/nonexistent/sms.txt")], messages: [
            Fixture.message("report", [.monthly(days, [Fixture.time("09:00")])], texts: [.sms: "月报"]),
        ])
        let warnings = try Plan(document).warnings()
        #expect(warnings.map(\.message) == [skipped].compactMap { $0.map { "message 'report': the monthly rule skips \($0)" } })
    }

    @Test func anUnknownTimeZoneIsAnError() {
        let document = Fixture.document(campaign: Fixture.campaign(timeZone: "Mars/Olympus_Mons"), messages: [])
        #expect(throws: PlanError.self) { try Plan(document) }
    }
}

@Suite struct PlanFilterProblemTests {
    @Test func aRegionNotInTheScheduleIsNamedWithTheNearestPath() {
        let tree = RegionTree([Fixture.region("jiangxi", "江西省", sms: "/nonexistent/sms.txt"),
                               Fixture.region("jiangxi/ganzhou", "赣州市", sms: "/nonexistent/sms.txt")])
        let filter = PlanFilter(regions: [Fixture.selector("jiangxi/ganzhuo/**"), Fixture.selector("jiangxi")])
        #expect(filter.problems(in: tree) == ["no region 'jiangxi/ganzhuo' in the schedule; did you mean 'jiangxi/ganzhou'?"])
        #expect(PlanFilter(regions: [Fixture.selector("jiangxi/*")]).problems(in: tree).isEmpty)
    }

    @Test func anEmptyRangeIsAProblem() {
        let filter = PlanFilter(from: Fixture.date("2021-03-02"), to: Fixture.date("2021-03-01"))
        #expect(filter.problems(in: RegionTree([])) == ["--from 2021-03-02 is after --to 2021-03-01: the range is empty; swap them"])
        #expect(PlanFilter(from: Fixture.date("2021-03-01"), to: Fixture.date("2021-03-01")).problems(in: RegionTree([])).isEmpty)
    }

    @Test func severalSelectorsChooseEveryRegionAnyOfThemChooses() {
        let tree = RegionTree([Fixture.region("p", "P", sms: nil), Fixture.region("p/a", "A", sms: nil),
                               Fixture.region("p/b", "B", sms: nil), Fixture.region("p/c", "C", sms: nil)])
        let filter = PlanFilter(regions: [Fixture.selector("p/a"), Fixture.selector("p/c")])
        #expect(filter.regionMask(in: tree) == [false, true, false, true])
        #expect(PlanFilter().regionMask(in: tree) == nil)
    }
}
