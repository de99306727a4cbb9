import Foundation
import Plan
import Schedule
import Testing

struct PlanRenderingTests {
    static let launchDay = PlanFilter(to: Fixture.date("2021-02-09"))

    @Test func jsonLinesForTheLaunch() throws {
        let scratch = try Scratch()
        var output = ""
        PlanJSONLines.write(try Plan(Chunfeng.document(recipients: scratch)), matching: Self.launchDay, to: &output)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[1] == #"{"campaign":"chunfeng","channel":"sms","encoding":"UCS-2","gateway":"kannel-main","#
            + #""list":"\#(scratch.directory)/nanchang.txt","message":"launch","recipients":3,"region":"jiangxi/nanchang","#
            + #""segments":1,"text":"【江西公安】\"春风\"行动今晚启动。公检法不会电话要求转账，接到96110来电请务必接听。","#
            + #""time":"2021-02-09T20:00:00+08:00"}"#)
        #expect(lines[5] == #"{"campaign":"chunfeng","channel":"webhook","endpoints":["jiujiang-bot","jiujiang-media"],"message":"launch","#
            + ###""region":"jiangxi/jiujiang","text":"## 江西省全民反电诈\"春风\"行动启动\n九江市分会场与南昌主会场同步启动。反诈预警专号：96110","###
            + #""time":"2021-02-09T20:00:00+08:00"}"#)
    }

    @Test func everyJSONLineParsesWithTheRequiredKeys() throws {
        let scratch = try Scratch()
        var output = ""
        PlanJSONLines.write(try Plan(Chunfeng.document(recipients: scratch)), to: &output)
        for line in output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(["message", "time", "region", "channel", "text"]).isSubset(of: object.keys))
            let time = try #require(object["time"] as? String)
            #expect(time.hasSuffix("+08:00") && time.count == 25)
            #expect((object["recipients"] != nil) == (object["region"] as? String != "jiangxi/jiujiang" && object["channel"] as? String == "sms"))
        }
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"\\", #""say \"hi\"\\""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#),
        ("\u{01}bell\u{1F}", #""\u0001bell\u001f""#),
        ("春风 😀", #""春风 😀""#),
    ])
    func jsonStringsAreEscaped(text: String, expected: String) {
        let entry = PlanEntry(occurrence: Occurrence(message: "m", local: Fixture.moment("2021-02-09 20:00"), instant: 0, utcOffset: 0),
                              region: Fixture.region("jiangxi", "江西省"), channel: .webhook, endpoints: [],
                              text: text, sms: nil, recipients: nil)
        #expect(PlanJSONLines.line(for: entry, campaign: Fixture.campaign()).contains(#""text":"# + expected + ","))
    }

    @Test func humanReportForTheLaunchDay() throws {
        let scratch = try Scratch()
        var output = ""
        PlanTextReport.write(try Plan(Chunfeng.document(recipients: scratch)), matching: Self.launchDay, to: &output)
        #expect(output == """
            2021-02-09 Tuesday
              20:00  launch  sms      3 regions  5+ recipients (1 unreadable list)  1 segment (UCS-2)
              20:00  launch  webhook  3 regions  4 endpoints
              2021-02-09: 1 occurrence, 6 sends; sms 5+ recipients (1 unreadable list), webhook 4 endpoints

            Total: 1 message, 1 occurrence, 6 sends to 4 of 4 regions; sms 5+ list entries (1 unreadable list), webhook 4 endpoints

            """)
    }

    @Test func humanReportGroupsADaysOccurrencesAndShowsSegmentRanges() throws {
        let scratch = try Scratch()
        let list = try scratch.write("list.txt", "13800000001\n")
        let document = Fixture.document(
            campaign: Fixture.campaign(starts: "2021-03-14", ends: "2021-03-14", timeZone: "America/New_York", signature: nil),
            regions: [Fixture.region("us", "US", sms: list), Fixture.region("us/ny", String(repeating: "N", count: 10), sms: list)],
            messages: [
                Fixture.message("early", [.daily([Fixture.time("02:30")])], to: Fixture.targets(["us", "us/**"]),
                                texts: [.sms: "{region}" + String(repeating: "x", count: 155)]),
                Fixture.message("late", [.daily([Fixture.time("09:00")])], to: Fixture.targets(["us"]), texts: [.sms: "hello"]),
            ])
        var output = ""
        PlanTextReport.write(try Plan(document), to: &output)
        #expect(output == """
            2021-03-14 Sunday
              03:30  early  sms      2 regions  2 recipients  1-2 segments (GSM-7)
              09:00  late   sms      1 region  1 recipient  1 segment (GSM-7)
              2021-03-14: 2 occurrences, 3 sends; sms 3 recipients

            Total: 2 messages, 2 occurrences, 3 sends to 2 of 2 regions; sms 3 list entries

            """)
    }

    @Test func anEmptySelectionSaysSo() throws {
        let scratch = try Scratch()
        var output = ""
        PlanTextReport.write(try Plan(Chunfeng.document(recipients: scratch)),
                             matching: PlanFilter(region: Fixture.selector("guangdong/**")), to: &output)
        #expect(output == "Total: 0 messages, 0 occurrences, 0 sends to 0 of 4 regions; nothing to send\n")
    }
}
