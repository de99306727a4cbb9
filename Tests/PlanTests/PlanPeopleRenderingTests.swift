import Plan
import Schedule
import Testing

/// `plan` with people counted: the text report's people and overlap section,
/// the JSON lines' `people` and `duplicates`, and the summary.
struct PlanPeopleRenderingTests {
    /// Donghu's list repeats a number and shares one with Nanchang's; Jiujiang's cannot be read.
    static func plan(_ scratch: Scratch) throws -> Plan {
        let city = try scratch.write("nanchang.txt", "13800000001\n13800000002\n13800000003\n")
        let county = try scratch.write("donghu.txt", "13800000002\n13900000009\n139 0000 0009\nnot a number\n")
        return try Plan(Fixture.document(
            regions: [
                Fixture.region("jiangxi", "江西省", webhooks: ["province-media-desk"]),
                Fixture.region("jiangxi/nanchang", "南昌市", sms: city),
                Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: county),
                Fixture.region("jiangxi/jiujiang", "九江市", sms: scratch.directory + "/missing.txt"),
            ],
            messages: [
                Fixture.message("launch", [.at([Fixture.moment("2021-02-09 20:00")])],
                                to: Fixture.targets(["jiangxi", "jiangxi/**"]), via: [.sms, .webhook]),
                Fixture.message("tip", [.at([Fixture.moment("2021-02-15 10:00")])], to: Fixture.targets(["jiangxi/*"])),
            ]))
    }

    @Test func theTextReportShowsPeopleAndWhereTheDuplicatesAre() throws {
        let scratch = try Scratch()
        let plan = try Self.plan(scratch)
        var output = ""
        PlanTextReport.write(plan, people: PlanPeople(plan), to: &output)
        #expect(output == """
            2021-02-09 Tuesday
              20:00  launch  sms      3 regions  6+ recipients (1 unreadable list) to 4+ people  1 segment (UCS-2)
              20:00  launch  webhook  1 region  1 endpoint
              2021-02-09: 1 occurrence, 4 sends; sms 6+ recipients (1 unreadable list) to 4+ people, webhook 1 endpoint

            2021-02-15 Monday
              10:00  tip     sms      2 regions  3+ recipients (1 unreadable list) to 3+ people  1 segment (UCS-2)
              2021-02-15: 1 occurrence, 2 sends; sms 3+ recipients (1 unreadable list) to 3+ people

            Total: 2 messages, 2 occurrences, 6 sends to 4 of 4 regions; sms 9+ list entries (2 unreadable lists): 7+ SMS (7+ segments) to 4+ people, webhook 1 endpoint; 1 malformed number dropped

            One copy per person: a number on several lists of one occurrence goes out once, from the deepest region.
              launch: 6+ recipients (1 unreadable list) to 4+ people an occurrence
                jiangxi/nanchang         1 of 3 recipients is a duplicate
                jiangxi/nanchang/donghu  1 of 3 recipients is a duplicate

            """)
    }

    /// Before the lists exist, the regions' `people N` estimates say what a message will
    /// cost: a county inside a city that has one adds nothing (the city's figure counts it).
    @Test func unreadableListsShowTheirRegionsEstimates() throws {
        let scratch = try Scratch()
        let missing = scratch.directory + "/missing.txt"
        let plan = try Plan(Fixture.document(
            regions: [
                Fixture.region("jiangxi", "江西省"),
                Fixture.region("jiangxi/nanchang", "南昌市", sms: missing, people: 6_255_007),
                Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: missing, people: 500_000),
                Fixture.region("jiangxi/jiujiang", "九江市", sms: missing, people: 4_600_276),
                Fixture.region("jiangxi/pingxiang", "萍乡市", sms: missing),
            ],
            messages: [
                Fixture.message("launch", [.at([Fixture.moment("2021-02-09 20:00"), Fixture.moment("2021-02-10 20:00")])],
                                to: Fixture.targets(["jiangxi/**"])),
            ]))
        var output = ""
        PlanTextReport.write(plan, people: PlanPeople(plan), to: &output)
        #expect(output.contains("launch  sms      4 regions  0+ recipients (4 unreadable lists, ~10,855,283 people by the regions' estimates)"),
                "\(output)")
        #expect(plan.summary(people: PlanPeople(plan)).estimatedSMS == 2 * 10_855_283)
        #expect(output.contains("(8 unreadable lists, ~21,710,566 SMS by the regions' estimates)"), "\(output)")
        var json = ""
        PlanJSONLines.write(plan, matching: PlanFilter(to: Fixture.date("2021-02-09")), people: PlanPeople(plan), to: &json)
        let lines = json.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.filter { $0.contains(#""people_estimate":6255007"#) }.count == 1)
        #expect(lines.filter { $0.contains(#""region":"jiangxi/pingxiang""#) && !$0.contains("people_estimate") }.count == 1)
    }

    @Test func aReachTooLargeToCountShowsPositionsWithANote() throws {
        let scratch = try Scratch()
        let plan = try Self.plan(scratch)
        var output = ""
        PlanTextReport.write(plan, matching: PlanFilter(to: Fixture.date("2021-02-09")), people: PlanPeople(plan, limit: 5), to: &output)
        #expect(output.contains("  20:00  launch  sms      3 regions  6+ recipients (1 unreadable list)  1 segment (UCS-2)\n"))
        #expect(output.hasSuffix("People not counted for launch: 6 recipients an occurrence, over the 5 counted (8 bytes each); "
                                 + "its figures are list positions\n"))
        #expect(!output.contains("One copy per person"))
    }

    @Test func jsonLinesCarryPeopleAndDuplicatesThatAddUpToRecipients() throws {
        let scratch = try Scratch()
        let plan = try Self.plan(scratch)
        var output = ""
        PlanJSONLines.write(plan, matching: PlanFilter(channel: .sms), people: PlanPeople(plan), to: &output)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"campaign":"chunfeng","channel":"sms","duplicates":1,"encoding":"UCS-2","gateway":"kannel-main","list":"\#(scratch.directory)/nanchang.txt","message":"launch","people":2,"recipients":3,"region":"jiangxi/nanchang","segments":1,"text":"【江西公安】launch text","time":"2021-02-09T20:00:00+08:00"}"#,
            #"{"campaign":"chunfeng","channel":"sms","duplicates":1,"encoding":"UCS-2","gateway":"kannel-main","list":"\#(scratch.directory)/donghu.txt","message":"launch","people":2,"recipients":3,"region":"jiangxi/nanchang/donghu","segments":1,"text":"【江西公安】launch text","time":"2021-02-09T20:00:00+08:00"}"#,
            #"{"campaign":"chunfeng","channel":"sms","duplicates":0,"encoding":"UCS-2","gateway":"kannel-main","list":"\#(scratch.directory)/missing.txt","message":"launch","people":0,"region":"jiangxi/jiujiang","segments":1,"text":"【江西公安】launch text","time":"2021-02-09T20:00:00+08:00"}"#,
            #"{"campaign":"chunfeng","channel":"sms","duplicates":0,"encoding":"UCS-2","gateway":"kannel-main","list":"\#(scratch.directory)/nanchang.txt","message":"tip","people":3,"recipients":3,"region":"jiangxi/nanchang","segments":1,"text":"【江西公安】tip text","time":"2021-02-15T10:00:00+08:00"}"#,
            #"{"campaign":"chunfeng","channel":"sms","duplicates":0,"encoding":"UCS-2","gateway":"kannel-main","list":"\#(scratch.directory)/missing.txt","message":"tip","people":0,"region":"jiangxi/jiujiang","segments":1,"text":"【江西公安】tip text","time":"2021-02-15T10:00:00+08:00"}"#,
        ])
    }

    @Test func theSummaryAddsPeopleUpPerOccurrenceAndFollowsTheRegionFilter() throws {
        let scratch = try Scratch()
        let plan = try Self.plan(scratch)
        let people = PlanPeople(plan)
        let all = plan.summary(people: people)
        #expect(all.people == 7)
        #expect(all.duplicateRecipients == 2)
        #expect(all.deliveries[.sms] == 9)
        let county = plan.summary(matching: PlanFilter(region: Fixture.selector("jiangxi/nanchang/donghu")), people: people)
        #expect(county.people == 2 && county.duplicateRecipients == 1)
        #expect(plan.summary().people == nil)
        #expect(plan.summary(people: PlanPeople(plan, limit: 5)).people == nil)
    }
}
