@testable import Daemon
@testable import DispatchRules
import LineLanguage
import Outbox
@testable import OutboxSQLite
import Plan
import Schedule
import Testing

/// The cap policy the dispatcher hands the outbox: a campaign's `cap` lines as
/// limits per channel, and the civil day and week (Monday first) of the lease
/// instant in the campaign's zone.
struct CapPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var zone: String
        var instant: Int64
        var local: String
        var day: Int64
        var monday: Int64

        var testDescription: String { "\(zone) \(local)" }
    }

    @Test(arguments: [
        // China has one offset all year: the day turns at 16:00 UTC.
        Case(zone: "Asia/Shanghai", instant: 1_612_713_599, local: "Sun 2021-02-07 23:59:59", day: 18_665, monday: 18_659),
        Case(zone: "Asia/Shanghai", instant: 1_612_713_600, local: "Mon 2021-02-08 00:00", day: 18_666, monday: 18_666),
        // New York springs forward on Sunday 2021-03-14: the offset of the instant counts, not of winter.
        Case(zone: "America/New_York", instant: 1_615_707_000, local: "Sun 2021-03-14 03:30 EDT", day: 18_700, monday: 18_694),
        Case(zone: "America/New_York", instant: 1_615_780_799, local: "Sun 2021-03-14 23:59:59 EDT", day: 18_700, monday: 18_694),
        Case(zone: "America/New_York", instant: 1_615_780_800, local: "Mon 2021-03-15 00:00 EDT", day: 18_701, monday: 18_701),
        // Berlin falls back on Sunday 2021-10-31: 02:30 happens twice, both on Sunday.
        Case(zone: "Europe/Berlin", instant: 1_635_640_200, local: "Sun 2021-10-31 02:30 CEST", day: 18_931, monday: 18_925),
        Case(zone: "Europe/Berlin", instant: 1_635_721_199, local: "Sun 2021-10-31 23:59:59 CET", day: 18_931, monday: 18_925),
        Case(zone: "Europe/Berlin", instant: 1_635_721_200, local: "Mon 2021-11-01 00:00 CET", day: 18_932, monday: 18_932),
    ])
    func theDayAndWeekAreThoseOfTheCampaignsZone(_ example: Case) throws {
        let zone = try #require(ZoneClock(identifier: example.zone))
        let caps = [FrequencyCap(channel: .sms, count: 1, period: .day, location: CapPolicyTests.here)]
        let policy = try #require(CapPolicy(caps: caps, zone: zone, at: example.instant))
        #expect(policy.day == example.day)
        #expect(policy.week == example.monday)
    }

    @Test func eachChannelGetsItsDayAndWeekLimits() throws {
        let zone = try #require(ZoneClock(identifier: "Asia/Shanghai"))
        let caps = [
            FrequencyCap(channel: .sms, count: 2, period: .day, location: CapPolicyTests.here),
            FrequencyCap(channel: .sms, count: 5, period: .week, location: CapPolicyTests.here),
            FrequencyCap(channel: .webhook, count: 1, period: .day, location: CapPolicyTests.here),
        ]
        let policy = try #require(CapPolicy(caps: caps, zone: zone, at: 1_612_872_000))
        #expect(policy.limits == ["sms": CapPolicy.Limit(perDay: 2, perWeek: 5), "webhook": CapPolicy.Limit(perDay: 1)])
    }

    @Test func aCampaignWithoutCapsHasNoPolicy() throws {
        let zone = try #require(ZoneClock(identifier: "Asia/Shanghai"))
        #expect(CapPolicy(caps: [], zone: zone, at: 1_612_872_000) == nil)
    }

    static let here = SourceLocation(file: "campaign.schedule", line: 3, column: 5)
}
