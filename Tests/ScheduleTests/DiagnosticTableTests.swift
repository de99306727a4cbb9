import Foundation
import LineLanguage
import Schedule
import Testing

/// One row per diagnostic: a schedule body (after the shared header of
/// campaign and regions), the message it must produce, and where.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    var body: String
    var message: String
    var line: Int
    var column: Int
    var severity: Diagnostic.Severity = .error
    var hint: String?

    var testDescription: String { message }
}

/// `message m` with each line indented as a property.
private func message(_ lines: String...) -> String {
    message(lines)
}

private let valid = ["at      2021-02-10 09:00", "to      jiangxi/*", "via     sms", "text    hi"]

struct DiagnosticTableTests {
    static let bodyCases: [DiagnosticCase] = [
        DiagnosticCase(body: "mesage m\n", message: "unknown statement 'mesage'", line: 1, column: 1,
                       hint: "did you mean 'message'?"),
        DiagnosticCase(body: message("evry    day 09:00"), message: "unknown property 'evry' in a message", line: 2,
                       column: 5, hint: "did you mean 'every'?"),
        DiagnosticCase(body: message("quiet   21:00-22:00"), message: "unknown property 'quiet'", line: 2, column: 5,
                       hint: "a property of 'campaign'"),
        DiagnosticCase(body: message("every   day 9:0"), message: "'9:0' is not a time", line: 2, column: 17,
                       hint: "expected a time like 09:30"),
        DiagnosticCase(body: message("every   day 09:00, 25:00"), message: "'25:00' is not a time", line: 2, column: 24),
        DiagnosticCase(body: message("at      2021-02-30 09:00"), message: "2021-02-30 does not exist", line: 2,
                       column: 13, hint: "February 2021 has 28 days"),
        DiagnosticCase(body: message("at      2021/02/10 09:00"), message: "'2021/02/10' is not a date", line: 2,
                       column: 13, hint: "expected a date like 2021-02-09"),
        DiagnosticCase(body: message("at      2021-02-10"), message: "expected a time after the date", line: 2, column: 23),
        DiagnosticCase(body: message("every   funday 10:00"), message: "'funday' is not a weekday", line: 2, column: 13,
                       hint: "did you mean 'sunday'?"),
        DiagnosticCase(body: message("every   2 weeks on weekday 10:00"), message: "takes one weekday", line: 2, column: 24),
        DiagnosticCase(body: message("every   2 weeks at friday 10:00"), message: "expected 'on', found 'at'", line: 2,
                       column: 21),
        DiagnosticCase(body: message("every   month on 32 09:00"), message: "'32' is not a day of the month", line: 2,
                       column: 22),
        DiagnosticCase(body: message("every   0 days 09:00"), message: "'0' is not a positive number", line: 2, column: 13),
        DiagnosticCase(body: message("every   3 fortnights 09:00"), message: "expected 'days' or 'weeks' after 'every 3'",
                       line: 2, column: 15),
        DiagnosticCase(body: message("every"), message: "expected 'day', a weekday, 'month' or a number", line: 2,
                       column: 10),
        DiagnosticCase(body: "message b@d\n", message: "'b@d' is not a valid message name", line: 1, column: 9),
        DiagnosticCase(body: "region a//b X\n", message: "'a//b' is not a region path", line: 1, column: 8),
        DiagnosticCase(body: message(valid + ["via     sms"]), message: "'via' is given twice", line: 6, column: 5),
        DiagnosticCase(body: message(valid) + message(valid), message: "message 'm' is declared twice", line: 6, column: 9),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi/nanchan", "via     sms", "text    hi"),
                       message: "unknown region 'jiangxi/nanchan'", line: 3, column: 13,
                       hint: "did you mean 'jiangxi/nanchang'?"),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi/** except jiangxi/jiujang", "via     sms",
                                     "text    hi"),
                       message: "unknown region 'jiangxi/jiujang'", line: 3, column: 31),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi/nanchang/donghu/*", "via     sms",
                                     "text    hi"),
                       message: "message 'm' reaches no region", line: 3, column: 5),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi extra", "via     sms", "text    hi"),
                       message: "unexpected 'extra'", line: 3, column: 21),
        DiagnosticCase(body: "region guangdong/x X\n", message: "parent region 'guangdong' is not declared before",
                       line: 1, column: 8, hint: "declare 'region guangdong' before it"),
        DiagnosticCase(body: "region hunan/x X\nregion hunan Y\n", message: "parent region 'hunan' is not declared before",
                       line: 1, column: 8, hint: "move 'region hunan' (at t.schedule:16:8) above this one"),
        DiagnosticCase(body: "region jiangxi/jiujiang 九江\n", message: "region 'jiangxi/jiujiang' is declared twice",
                       line: 1, column: 8, hint: "the first is at t.schedule:14:8"),
        DiagnosticCase(body: "region x X\n    set     region foo\n", message: "'region' is a built-in variable", line: 2,
                       column: 13),
        DiagnosticCase(body: "region x X\n    sms     a.txt via\n", message: "expected a gateway name after 'via'", line: 2,
                       column: 22),
        DiagnosticCase(body: message("at      2021-06-01 09:00", "to      jiangxi", "via     sms", "text    hi"),
                       message: "2021-06-01 is outside the campaign", line: 2, column: 13,
                       hint: "the campaign runs 2021-02-09 to 2021-05-08"),
        DiagnosticCase(body: message(valid + ["from    2021-01-01"]), message: "'from 2021-01-01' is outside the campaign",
                       line: 6, column: 5),
        DiagnosticCase(body: message(valid + ["until   2021-05-09"]), message: "'until 2021-05-09' is outside the campaign",
                       line: 6, column: 5),
        DiagnosticCase(body: message("every   day 09:00", "from    2021-03-10", "until   2021-03-01", "to      jiangxi",
                                     "via     sms", "text    hi"),
                       message: "'until 2021-03-01' is before 'from 2021-03-10'", line: 4, column: 5),
        DiagnosticCase(body: message("at      2021-03-20 09:00", "from    2021-03-01", "until   2021-03-10", "to      jiangxi",
                                     "via     sms", "text    hi"),
                       message: "2021-03-20 is outside the message's days (2021-03-01 to 2021-03-10)", line: 2, column: 13),
        DiagnosticCase(body: message("every   day 09:00", "from    2021-03-01", "until   2021-03-02",
                                     "except  2021-03-01..2021-03-02", "to      jiangxi", "via     sms", "text    hi"),
                       message: "message 'm' has no day left to run", line: 1, column: 9),
        DiagnosticCase(body: message(valid + ["except  2021-03-05..2021-03-01"]), message: "ends before it starts",
                       line: 6, column: 25),
        DiagnosticCase(body: message(valid + ["except  2020-03-05..2020-03-07"]), message: "is outside the campaign",
                       line: 6, column: 13),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms, webhook", "sms     hi"),
                       message: "'webhook' is in 'via' but the message has no text for it", line: 4, column: 18),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "sms     hi",
                                     "webhook hello"),
                       message: "this webhook text is never sent", line: 6, column: 5, severity: .warning),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     fax", "text    hi"),
                       message: "unknown channel 'fax'", line: 4, column: 13),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "text    接到{hotlin}来电"),
                       message: "unknown variable '{hotlin}'", line: 5, column: 15, hint: "did you mean 'hotline'?"),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi/*", "via     sms", "text    {station}"),
                       message: "variable '{station}' is not set for region jiangxi/jiujiang", line: 5, column: 13),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     webhook", "webhook",
                                     "    line one", "    {regoin}"),
                       message: "unknown variable '{regoin}'", line: 7, column: 9, hint: "did you mean 'region'?"),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "text    a } b"),
                       message: "a lone '}'", line: 5, column: 15, hint: "write '}}' for a literal brace"),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "text    a {b"),
                       message: "'{' is not closed", line: 5, column: 15),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "text    a {b c}"),
                       message: "'{b c}' is not a variable", line: 5, column: 15),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "sms"),
                       message: "expected a text after 'sms'", line: 5, column: 8),
        DiagnosticCase(body: message("at      2021-02-10 09:00", "to      jiangxi", "via     sms", "sms     hi", "    more"),
                       message: "'sms' has a text on its line and a block below it", line: 6, column: 9),
        DiagnosticCase(body: message("at      2021-02-10 09:00, 2021-02-10 22:00", "to      jiangxi", "via     sms",
                                     "text    hi"),
                       message: "22:00 is inside the SMS quiet hours 21:30-08:00", line: 2, column: 42),
        DiagnosticCase(body: message("every   day 07:59", "to      jiangxi", "via     sms", "text    hi"),
                       message: "07:59 is inside the SMS quiet hours", line: 2, column: 17),
        DiagnosticCase(body: message("every   month on 31 09:00", "to      jiangxi", "via     sms", "text    hi"),
                       message: "'every month on 31' skips February 2021, April 2021: no day 31", line: 2, column: 5,
                       severity: .warning),
        DiagnosticCase(body: message("every   month on 30, 29 09:00", "to      jiangxi", "via     sms", "text    hi"),
                       message: "'every month on 29' skips February 2021", line: 2, column: 5, severity: .warning),
        DiagnosticCase(body: "message m\n", message: "message 'm' has no 'at' or 'every' line", line: 1, column: 9),
        DiagnosticCase(body: "message m\n", message: "message 'm' has no 'to' line", line: 1, column: 9),
        DiagnosticCase(body: "message m\n", message: "message 'm' has no 'via' line", line: 1, column: 9),
        DiagnosticCase(body: "include nothere.regions\n", message: "cannot read 'nothere.regions'", line: 1, column: 9),
        DiagnosticCase(body: "include t.schedule\n", message: "include cycle: t.schedule → t.schedule", line: 1, column: 9),
    ]

    @Test func anUnknownStatementIsOneErrorNotOnePerProperty() {
        let result = ScheduleTestSupport.load(message(valid).replacingOccurrences(of: "message m", with: "mesage m"))
        #expect(result.diagnostics.map(\.message) == ["unknown statement 'mesage'"])
    }

    @Test(arguments: bodyCases)
    func reportsEachMistakeAtItsPlace(_ row: DiagnosticCase) {
        let headerLines = ScheduleTestSupport.header.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let result = ScheduleTestSupport.load(row.body)
        expect(result, row, lineOffset: headerLines)
    }

    static let fileCases: [DiagnosticCase] = [
        DiagnosticCase(body: "", message: "the schedule is empty", line: 1, column: 1),
        DiagnosticCase(body: "# nothing yet\n", message: "no 'campaign' statement", line: 1, column: 1),
        DiagnosticCase(body: "  starts 2021-02-09\n", message: "indented line outside any statement", line: 1, column: 3),
        DiagnosticCase(body: campaign(zone: "Asia/Shanghia"), message: "unknown time zone 'Asia/Shanghia'", line: 4,
                       column: 14, hint: "did you mean 'Asia/Shanghai'?"),
        DiagnosticCase(body: campaign(extra: "quiet    21:00-21:00"), message: "the quiet window 21:00-21:00 is empty",
                       line: 5, column: 14),
        DiagnosticCase(body: campaign(extra: "quiet    21:00 to 08:00"), message: "'21:00' is not a time window",
                       line: 5, column: 14),
        DiagnosticCase(body: campaign(extra: "ends     2021-05-08"), message: "'lasts' and 'ends' both set", line: 5,
                       column: 5),
        DiagnosticCase(body: campaign(extra: "starts   2021-02-10"), message: "'starts' is given twice", line: 5, column: 5),
        DiagnosticCase(body: campaign(extra: "set      hotline 1\n    set      hotline 2"),
                       message: "variable 'hotline' is set twice", line: 6, column: 14),
        DiagnosticCase(body: campaign(extra: "signature"), message: "expected the signature text", line: 5, column: 14),
        DiagnosticCase(body: "campaign c T\n    lasts    3 months\n    timezone UTC\n",
                       message: "campaign 'c' has no 'starts'", line: 1, column: 10),
        DiagnosticCase(body: "campaign c T\n    starts   2021-02-09\n    timezone UTC\n",
                       message: "campaign 'c' has no end", line: 1, column: 10, hint: "add 'lasts 3 months' or 'ends 2021-05-08'"),
        DiagnosticCase(body: "campaign c T\n    starts   2021-02-09\n    ends     2021-02-01\n    timezone UTC\n",
                       message: "the campaign ends (2021-02-01) before it starts (2021-02-09)", line: 3, column: 5),
        DiagnosticCase(body: "campaign c T\n    starts   2021-02-09\n    lasts    3 fortnights\n    timezone UTC\n",
                       message: "unknown unit 'fortnights'", line: 3, column: 16),
        DiagnosticCase(body: "campaign c T\n    starts   2021-02-09\n    lasts    3 months\n",
                       message: "campaign 'c' has no 'timezone'", line: 1, column: 10),
        DiagnosticCase(body: campaign() + campaign(), message: "a second 'campaign' statement", line: 5, column: 1),
        DiagnosticCase(body: "region a A\n", message: "no 'campaign' statement", line: 1, column: 1),
        DiagnosticCase(body: campaign() + "region a A\n    sms      a.txt\n",
                       message: "region 'a' has an SMS list but no gateway", line: 6, column: 5,
                       hint: "add 'sms-gateway NAME' to the campaign, or 'via NAME' after the file"),
    ]

    @Test(arguments: fileCases)
    func reportsEachCampaignMistakeAtItsPlace(_ row: DiagnosticCase) {
        expect(ScheduleLoader.load(path: "t.schedule", files: ["t.schedule": row.body]), row, lineOffset: 0)
    }

    private static func campaign(zone: String = "Asia/Shanghai", extra: String? = nil) -> String {
        "campaign c T\n    starts   2021-02-09\n    lasts    3 months\n    timezone \(zone)\n"
            + (extra.map { "    \($0)\n" } ?? "")
    }

    private func expect(_ result: ScheduleLoadResult, _ row: DiagnosticCase, lineOffset: Int) {
        let found = result.diagnostics.first { $0.message.contains(row.message) }
        #expect(found != nil, "no '\(row.message)' in:\n\(result.renderedDiagnostics)")
        guard let found else { return }
        #expect(found.location.line == row.line + lineOffset)
        #expect(found.location.column == row.column)
        #expect(found.severity == row.severity)
        if let hint = row.hint {
            #expect(found.hint?.contains(hint) == true, "hint was \(found.hint ?? "nil")")
        }
        #expect(result.document == nil || row.severity == .warning)
        #expect(result.renderedDiagnostics.contains("t.schedule:\(row.line + lineOffset):\(row.column): \(row.severity.rawValue): "))
    }
}

private func message(_ lines: [String]) -> String {
    (["message m"] + lines.map { "    " + $0 }).joined(separator: "\n") + "\n"
}
