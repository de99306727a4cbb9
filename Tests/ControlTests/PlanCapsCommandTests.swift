import Foundation
import Testing

/// `broadcastctl check` and `plan` as a planner runs them, on a small campaign
/// whose city and county lists overlap and whose county gets three SMS on a day
/// capped at two.
struct PlanCapsCommandTests {
    static let schedule = """
        campaign capped 上限测试
            starts      2021-03-01
            lasts       1 month
            timezone    Asia/Shanghai
            sms-gateway main
            cap         sms 2 per day

        region jiangxi 江西省
            sms recipients/province.txt
        region jiangxi/nanchang 南昌市
            sms recipients/city.txt
        region jiangxi/nanchang/donghu 东湖区
            sms recipients/county.txt

        message province
            at      2021-03-02 09:00
            to      jiangxi
            via     sms
            sms     全省提醒

        message city
            at      2021-03-02 12:00
            to      jiangxi/nanchang, jiangxi/nanchang/donghu
            via     sms
            sms     全市提醒

        message county
            at      2021-03-02 18:00
            to      jiangxi/nanchang/donghu
            via     sms
            sms     区县提醒

        """

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-caps-" + UUID().uuidString)
        let lists = directory.appendingPathComponent("recipients")
        try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
        try Self.schedule.write(to: directory.appendingPathComponent("capped.schedule"), atomically: true, encoding: .utf8)
        let contents = ["province.txt": "13800000009\n", "city.txt": "13800000001\n13800000002\n13800000003\n",
                        "county.txt": "13800000002\n13800000003\n13900000001\n"]
        for (name, text) in contents {
            try text.write(to: lists.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        defer { try? FileManager.default.removeItem(at: directory) }
        return try BroadcastctlProcess.run(arguments)
    }

    var schedulePath: String { directory.appendingPathComponent("capped.schedule").path }

    @Test func checkWarnsAtTheCapLineAndStillSucceeds() throws {
        let result = try run(["check", schedulePath])
        #expect(result.status == 0)
        #expect(result.errors.contains("capped.schedule:6:17: warning: cap sms 2 per day: people in jiangxi/nanchang/donghu "
                                       + "would get 3 SMS on 2021-03-02; 'county' (18:00) is skipped as capped for them"))
        #expect(result.errors.contains("hint: they get province 09:00, city 12:00, county 18:00; move one of these messages "
                                       + "to another day, or raise the cap to 'cap sms 3 per day'"))
        #expect(result.output.contains("3 regions, 3 messages, 3 occurrences; sms 10 list entries: 8 SMS (8 segments) to 5 people"))
        #expect(result.output.contains("1 warning"))
    }

    @Test func planShowsPeopleAndTheOverlap() throws {
        let result = try run(["plan", schedulePath])
        #expect(result.status == 0)
        #expect(result.output.contains("  12:00  city      sms      2 regions  6 recipients to 4 people  1 segment (UCS-2)\n"))
        #expect(result.output.contains("    jiangxi/nanchang  2 of 3 recipients are duplicates\n"))
        // The cap's warning changes what goes out, so plan shows it too, apart from the plan.
        #expect(result.errors.contains("warning: cap sms 2 per day: people in jiangxi/nanchang/donghu would get 3 SMS on 2021-03-02"))
        #expect(!result.output.contains("warning"))
    }

    @Test func planJSONAddsPeopleAndDuplicatesPerRegion() throws {
        let result = try run(["plan", schedulePath, "--json"])
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].contains(#""channel":"sms","duplicates":2,"encoding":"UCS-2","gateway":"main","list":"recipients/city.txt","message":"city","people":1,"recipients":3,"region":"jiangxi/nanchang""#))
        #expect(lines[2].contains(#""duplicates":0,"encoding":"UCS-2","gateway":"main","list":"recipients/county.txt","message":"city","people":3,"recipients":3,"region":"jiangxi/nanchang/donghu""#))
    }
}
