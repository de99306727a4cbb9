import CivilDate
import DispatchRules
import LineLanguage
import Schedule
import Testing

/// `QuietHours.finish`: when a number of sends at a rate ends, waiting out every
/// quiet window; `broadcastctl status` projects held and rate-bound broadcasts with it.
struct QuietHoursFinishTests {
    /// 2021-03-01 10:00 in Asia/Shanghai.
    static let morning: Int64 = 1_614_564_000

    static func hours(_ windows: [(Int, Int, Int, Int)]) -> QuietHours {
        let quiet = windows.map { QuietWindow(start: LocalTime(hour: $0.0, minute: $0.1)!, end: LocalTime(hour: $0.2, minute: $0.3)!,
                                              channels: [.sms]) }
        let campaign = Campaign(name: "drill", title: "演练", starts: LocalDate(year: 2021, month: 3, day: 1)!,
                                ends: LocalDate(year: 2021, month: 3, day: 30)!, timeZone: "Asia/Shanghai", quiet: quiet,
                                location: SourceLocation(file: "drill.schedule", line: 1, column: 1))
        return QuietHours(campaign: campaign)!
    }

    @Test func withoutAWindowItIsSendsOverRate() {
        var hours = Self.hours([(21, 30, 8, 0)])
        #expect(hours.finish(for: .sms, from: Self.morning, sends: 3_600, perSecond: 1) == Self.morning + 3_600)
        #expect(hours.finish(for: .webhook, from: Self.morning, sends: 100_000, perSecond: 1) == Self.morning + 100_000)
        #expect(hours.finish(for: .sms, from: Self.morning, sends: 0, perSecond: 0) == Self.morning)
        #expect(hours.finish(for: .sms, from: Self.morning, sends: 1, perSecond: 0) == nil)
    }

    /// A day of sends at 1/s from 10:00, with nights and a lunch break quiet: day one sends
    /// 10:00-12:00 and 13:00-21:30 (10.5 h), day two 08:00-12:00 and 13:00-21:30 (12.5 h),
    /// and the last hour goes 08:00-09:00 on day three.
    @Test func everyWindowOnTheWayIsWaitedOut() {
        var hours = Self.hours([(21, 30, 8, 0), (12, 0, 13, 0)])
        let dayThreeAtNine = Self.morning + 2 * 86_400 - 3_600 // 2021-03-03 09:00 +08:00
        #expect(hours.finish(for: .sms, from: Self.morning, sends: 86_400, perSecond: 1) == dayThreeAtNine)
        // At 2/s they take 43,200 s: 37,800 s on day one, the other 5,400 s from 08:00 on day two.
        #expect(hours.finish(for: .sms, from: Self.morning, sends: 86_400, perSecond: 2) == Self.morning + 86_400 - 7_200 + 5_400)
    }

    @Test func insideAWindowItStartsAtItsEnd() {
        var hours = Self.hours([(21, 30, 8, 0)])
        let night = Self.morning + 12 * 3_600 // 22:00
        #expect(hours.finish(for: .sms, from: night, sends: 60, perSecond: 1) == Self.morning + 22 * 3_600 + 60)
    }
}
