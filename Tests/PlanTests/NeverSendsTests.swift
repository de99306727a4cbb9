import Foundation
import LineLanguage
import Plan
import Schedule
import Testing

/// Every way a message can end up sending nothing is a warning at the message,
/// found by planning it (the schedule's own errors cover the rest: days all
/// removed by `except`, an `at` outside the message's days, a channel without
/// a text, a list that cannot be read). docs/schedule.md lists them.
struct NeverSendsTests {
    static let header = """
        campaign t
            starts 2021-02-09
            lasts 1 month
            timezone Asia/Shanghai
            sms-gateway gw
        region jiangxi
            sms full.txt
        region jiangxi/nanchang
            sms empty.txt
        region jiangxi/jiujiang

        """

    static let cases: [(name: String, lines: String, reason: String)] = [
        ("no-friday", "every friday 10:00\n    from 2021-02-13\n    until 2021-02-17\n    to jiangxi\n    via sms\n    sms hi",
         "none of its times falls on a day it may send (2021-02-13 to 2021-02-17)"),
        ("month-31", "every month on 31 10:00\n    until 2021-02-28\n    to jiangxi\n    via sms\n    sms hi",
         "none of its times falls on a day it may send (2021-02-09 to 2021-02-28)"),
        ("empty-list", "at 2021-02-10 10:00\n    to jiangxi/nanchang\n    via sms\n    sms hi",
         "every list it sends to has no number (empty.txt)"),
        ("unbound", "at 2021-02-10 10:00\n    to jiangxi/jiujiang, jiangxi/nanchang\n    via webhook\n    text hi",
         "no region it reaches has a binding for webhook"),
    ]

    private func warnings(_ message: String) throws -> [Diagnostic] {
        let scratch = try Scratch()
        _ = try scratch.write("full.txt", "13800000001\n")
        _ = try scratch.write("empty.txt", "# no numbers yet\n")
        let path = try scratch.write("t.schedule", Self.header + message + "\n")
        let loaded = ScheduleLoader.load(path: path)
        let document = try #require(loaded.document, "\(loaded.renderedDiagnostics)")
        return try Plan(document).warnings()
    }

    @Test(arguments: cases)
    func aMessageThatSendsNothingIsAWarningAtIt(name: String, lines: String, reason: String) throws {
        let warnings = try warnings("message \(name)\n    " + lines)
        let never = warnings.filter { $0.message.contains("never sends") }
        #expect(never.map(\.message) == ["message '\(name)' never sends: " + reason])
        #expect(never.map(\.location.line) == [11])
    }

    @Test func aMessageThatSendsToSomeoneIsNot() throws {
        let warnings = try warnings("message fine\n    at 2021-02-10 10:00\n    to jiangxi, jiangxi/*\n    via sms\n    sms hi")
        #expect(!warnings.contains { $0.message.contains("never sends") })
    }
}
