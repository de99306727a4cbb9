import LineLanguage
import Schedule
import Testing

struct RecipientPropertyTests {
    private static func campaign(_ extra: String...) -> String {
        "campaign c T\n    starts   2021-02-09\n    lasts    3 months\n    timezone Asia/Shanghai\n"
            + extra.map { "    \($0)\n" }.joined()
    }

    private func load(_ text: String, path: String = "t.schedule") -> ScheduleLoadResult {
        ScheduleLoader.load(path: path, files: [path: text])
    }

    @Test func theRecipientPropertiesReachTheCampaign() throws {
        let text = Self.campaign("country  HK", "optout   lists/optout.txt", "malformed-numbers 10",
                                 "cap      sms 2 per day", "cap      sms 5 per week")
        let result = load(text, path: "config/t.schedule")
        let campaign = try #require(result.document?.campaign, "\(result.renderedDiagnostics)")
        #expect(campaign.country == CallingCode("+852"))
        #expect(campaign.optOutList?.path == "lists/optout.txt")
        #expect(campaign.optOutList?.resolvedPath == "config/lists/optout.txt")
        #expect(campaign.optOutList?.location.line == 6)
        #expect(campaign.malformedNumbersTolerated == 10)
        #expect(campaign.caps.map(\.description) == ["sms 2 per day", "sms 5 per week"])
        #expect(campaign.caps.map(\.location.line) == [8, 9])
    }

    @Test func withoutThemNumbersAreMainlandAndEveryMalformedLineIsAnError() throws {
        let campaign = try #require(load(Self.campaign()).document?.campaign)
        #expect(campaign.country == .china)
        #expect(campaign.country.description == "+86")
        #expect(campaign.optOutList == nil)
        #expect(campaign.malformedNumbersTolerated == 0)
        #expect(campaign.caps.isEmpty)
    }

    @Test(arguments: [("CN", "86"), ("cn", "86"), ("+86", "86"), ("86", "86"), ("MO", "853"), ("+1", "1"), ("44", "44")])
    func aCountryIsAnISOCodeOrACallingCode(written: String, digits: String) {
        #expect(CallingCode(written)?.digits == digits)
    }

    @Test(arguments: ["XX", "+0", "+1234", "086", "china", ""])
    func otherCountriesAreRefused(written: String) {
        #expect(CallingCode(written) == nil)
    }

    @Test(arguments: [
        ("country  XX", "unknown country 'XX'", 14),
        ("country", "expected a country after 'country'", 12),
        ("optout", "expected an opt-out file", 11),
        ("malformed-numbers -1", "'-1' is not a number of lines", 23),
        ("malformed-numbers many", "'many' is not a number of lines", 23),
        ("cap      fax 2 per day", "unknown channel 'fax'", 14),
        ("cap      sms two per day", "'two' is not a positive number", 18),
        ("cap      sms 0 per day", "'0' is not a positive number", 18),
        ("cap      sms 2 each day", "expected 'per', found 'each'", 20),
        ("cap      sms 2 per month", "unknown period 'month'", 24),
        ("cap      sms 2 per day extra", "extra", 28),
    ])
    func eachMistakeIsReportedAtItsPlace(line: String, message: String, column: Int) throws {
        let result = load(Self.campaign(line))
        let found = try #require(result.diagnostics.first { $0.message.contains(message) }, "\(result.renderedDiagnostics)")
        #expect(found.severity == .error)
        #expect(found.location.line == 5)
        #expect(found.location.column == column)
    }

    @Test func aSecondCapForTheSameChannelAndPeriodIsAnError() throws {
        let result = load(Self.campaign("cap      sms 2 per day", "cap      sms 3 per day"))
        let found = try #require(result.diagnostics.first)
        #expect(found.message == "a second cap for sms per day")
        #expect(found.location.line == 6)
        #expect(found.hint == "the first is at line 5; keep one")
    }

    @Test func onlyCapsRepeat() throws {
        let result = load(Self.campaign("country  CN", "country  HK"))
        #expect(result.diagnostics.map(\.message) == ["'country' is given twice"])
    }

    @Test func fmtWritesThemCanonicallyAndReadsThemBack() throws {
        let text = Self.campaign("country   hk", "optout \"lists/opt out.txt\"   # 退订",
                                 "malformed-numbers   3", "cap sms   2 per  day")
        let (output, diagnostics) = ScheduleFormatter.format(text: text, name: "t.schedule")
        let formatted = try #require(output, "\(diagnostics.rendered(sources: [:]))")
        #expect(formatted.contains("    country           hk\n"))
        #expect(formatted.contains("    optout            \"lists/opt out.txt\""))
        #expect(formatted.contains("# 退订\n"))
        #expect(formatted.contains("    malformed-numbers 3\n"))
        #expect(formatted.contains("    cap               sms 2 per day\n"))
        let before = try #require(load(text).document?.campaign)
        let after = try #require(load(formatted).document?.campaign)
        #expect(before.country == after.country)
        #expect(before.optOutList?.path == after.optOutList?.path)
        #expect(before.malformedNumbersTolerated == after.malformedNumbersTolerated)
        #expect(before.caps.map(\.description) == after.caps.map(\.description))
    }
}
