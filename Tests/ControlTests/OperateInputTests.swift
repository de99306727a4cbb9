import Foundation
import Loading
import Testing
import TextFormat
@testable import Control

/// What operators type (times, numbers) and how figures read back.
struct OperateInputTests {
    static let now: Int64 = 1_612_872_000 // 2021-02-09 20:00 +08:00

    /// Each text and how many seconds before 2021-02-09 20:00 +08:00 it means: a bare
    /// time in the campaign's zone, an offset or `Z` or `UTC` as written, the reports'
    /// own form (`2021-02-09 20:00 +08:00`) read back, a date from its midnight, a span.
    static let sinceTexts: [(String, Int64)] = [
        ("2021-02-09T20:00", 0), ("2021-02-09 20:00:30", -30), ("2021-02-09", 20 * 3_600),
        ("2021-02-09T20:00+08:00", 0), ("2021-02-09T12:00:00Z", 0), ("2021-02-09 19:00 +07:00", 0),
        ("2021-02-09 20:00 +08:00", 0), ("2021-02-09 12:00:00 UTC", 0), ("2021-02-09T07:00-0500", 0), ("2021-02-09T20:00+08", 0),
        ("90s", 90), ("30m", 1_800), ("1h", 3_600), ("2d", 172_800), ("1w", 604_800), ("1500ms", 1),
    ]

    static let chunfeng = Display(zones: CampaignZones(identifiers: ["chunfeng": "Asia/Shanghai"], fallback: "UTC"))

    @Test(arguments: sinceTexts)
    func sinceAccepts(text: String, secondsBefore: Int64) throws {
        #expect(try Self.chunfeng.instant(text, now: Self.now, campaign: nil) == Self.now - secondsBefore)
        #expect(try Self.chunfeng.instant(text, now: Self.now, campaign: "chunfeng") == Self.now - secondsBefore)
    }

    @Test(arguments: ["yesterday", "2021-02-30", "2021-13-01", "2021-02-09T25:00", "20:00", "-5m", "1y", "",
                      "2021-02-09-x", "2021-02-09-x 20:00", "30 m", "2021-02-09+08:00", "2021-02-09T20:00+25:00", "2021-02-09T20:00:61"])
    func sinceRefuses(text: String) {
        #expect(throws: OperateError.self) { try Self.chunfeng.instant(text, now: Self.now, campaign: nil) }
    }

    /// `--utc` reads a bare time in UTC, as it shows times in UTC.
    @Test func utcReadsBareTimesInUTC() throws {
        var display = Self.chunfeng
        display.utc = true
        #expect(try display.instant("2021-02-09T12:00", now: Self.now, campaign: "chunfeng") == Self.now)
    }

    /// Campaigns in two zones: a bare time means nothing until the campaign (or an offset) is given.
    @Test func aBareTimeAmongSeveralZonesNeedsTheCampaign() throws {
        let display = Display(zones: CampaignZones(identifiers: ["chunfeng": "Asia/Shanghai", "tet": "Asia/Ho_Chi_Minh"]))
        #expect {
            try display.instant("2021-02-09T20:00", now: Self.now, campaign: nil)
        } throws: { "\($0)".contains("several time zones") }
        #expect(try display.instant("2021-02-09T19:00", now: Self.now, campaign: "tet") == Self.now)
        #expect(try display.instant("2021-02-09T20:00+08:00", now: Self.now, campaign: nil) == Self.now)
    }

    /// On a UTC server the 20:00 launch in Nanchang reads 20:00 +08:00, not 12:00.
    @Test func timesShowInTheCampaignsZoneWithTheOffset() {
        let display = Self.chunfeng
        #expect(display.minute(Self.now, campaign: "chunfeng") == "2021-02-09 20:00 +08:00")
        #expect(display.time(Self.now + 5, campaign: "chunfeng") == "2021-02-09 20:00:05 +08:00")
        // A time of no campaign: the campaigns' one zone.
        #expect(display.time(Self.now) == "2021-02-09 20:00:00 +08:00")
        var utc = display
        utc.utc = true
        #expect(utc.minute(Self.now, campaign: "chunfeng") == "2021-02-09 12:00 UTC")
        let two = Display(zones: CampaignZones(identifiers: ["chunfeng": "Asia/Shanghai", "london": "Europe/London"], fallback: "UTC"))
        #expect(two.minute(Self.now, campaign: "london") == "2021-02-09 12:00 UTC")
        #expect(two.minute(1_625_000_000, campaign: "london") == "2021-06-29 21:53 +01:00")
    }

    /// `plan --from/--to` read dates as the schedule does: `split("-")` once took `2021-02-09-x`.
    @Test(arguments: ["2021-02-09-x", "2021--02-09", "2021-02-30", "09-02-2021"])
    func planDatesAreTheSchedulesDates(text: String) {
        #expect(throws: (any Error).self) { try CommandLineValues.date(text) }
        #expect(throws: Never.self) { try CommandLineValues.date("2021-02-09") }
    }

    @Test(arguments: [
        ("+8613812345678", "+8613812345678"),
        ("13812345678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("008613812345678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("+852 9123 4567", "+85291234567"),
    ])
    func phoneNumbersBecomeE164(text: String, expected: String) throws {
        #expect(try PhoneNumberInput.normalized(text) == expected)
    }

    @Test(arguments: ["67890", "+0123456789", "1381234567x", "23812345678", "+"])
    func badNumbersAreRefusedWithoutBeingPrinted(text: String) {
        #expect {
            try PhoneNumberInput.normalized(text)
        } throws: { error in
            let description = "\(error)"
            return description.contains("is not a phone number") && (text.count <= 2 || !description.contains(text))
        }
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1_204, "1,204"), (10_000_000, "10,000,000"), (-1_500, "-1,500")])
    func countsAreGroupedByThousands(value: Int64, expected: String) {
        #expect(Display.count(value) == expected)
    }

    @Test(arguments: [(0, "0s"), (45, "45s"), (125, "2m 5s"), (3_600, "1h"), (3_780, "1h 3m"), (273_600, "3d 4h")])
    func durationsShowTwoUnits(seconds: Int64, expected: String) {
        #expect(Display.duration(seconds) == expected)
    }

    static let rates: [(perSecond: Double, text: String)] = [
        (120.4, "120/s"), (2.5, "150/min"), (2.4321, "2.4/s"), (0.5, "30/min"), (0, "0/s"), (100.0 / 60, "100/min"),
        (3.0, "3/s"), (30.0 / 3_600, "30/h"), (0.01, "36/h"), (1.0 / 7, "9/min"),
    ]

    @Test(arguments: rates)
    func ratesReadNaturally(perSecond: Double, expected: String) {
        #expect(Display.rate(perSecond) == expected)
    }

    @Test func barsFillByFraction() {
        #expect(Display.bar(0.5, width: 4) == "[██░░]")
        #expect(Display.bar(1.5, width: 2) == "[██]")
    }

    @Test func timesAreWrittenAsRFC3339InJSONAndReadBack() throws {
        let json = try JSONOutput.encode(["at": Timestamp(Self.now)], pretty: false)
        #expect(json == #"{"at":"2021-02-09T12:00:00Z"}"#)
        #expect(try JSONDecoder().decode([String: Timestamp].self, from: Data(json.utf8))["at"] == Timestamp(Self.now))
    }

    @Test func tablesCountChineseCharactersAsTwoCells() {
        let table = TextTable(header: ["REGION", "N"], rows: [["南昌", "1"], ["jiujiang", "2"]])
        #expect(table.rendered() == "REGION    N\n南昌      1\njiujiang  2")
    }
}
