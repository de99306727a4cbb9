@testable import Daemon
import Foundation
import Outbox
import Testing

/// Today's sends per hour: counted from the outcomes the dispatcher records,
/// bucketed by the hours of the campaign's zone (not UTC's), skips not counted.
struct HourlySendsTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2021-03-01 00:00 +08:00.
    static let midnight: Int64 = 1_614_528_000

    @Test func attemptsLandInTheLocalHourTheyEnded() {
        var sends = HourlySends()
        sends.record(.delivered, at: Self.midnight + 9 * 3_600)            // 09:00:00
        sends.record(.delivered, at: Self.midnight + 9 * 3_600 + 3_599)    // 09:59:59
        sends.record(.dead, at: Self.midnight + 10 * 3_600)                // 10:00:00
        sends.record(.retrying, at: Self.midnight + 10 * 3_600 + 60)
        sends.record(.skipped, at: Self.midnight + 10 * 3_600 + 60)        // no request: not a send
        sends.record(.delivered, at: Self.midnight - 1)                     // yesterday 23:59:59
        let hours = sends.today(now: Self.midnight + 11 * 3_600, zone: Self.shanghai)
        #expect(hours.count == 24 && hours.map(\.hour) == Array(0..<24))
        #expect(hours[9].tally == .init(delivered: 2, failed: 0))
        #expect(hours[10].tally == .init(delivered: 0, failed: 2))
        #expect(hours.reduce(0) { $0 + $1.tally.sent } == 4, "yesterday's send is not today's")
        // The same instants in UTC fall on other hours: 09:00 +08:00 is 01:00Z, and 23:59:59 +08:00 is 15:59:59Z the day before.
        let utc = sends.today(now: Self.midnight + 11 * 3_600, zone: TimeZone(identifier: "UTC")!)
        #expect(utc[1].tally.delivered == 2 && utc[2].tally.failed == 2)
        #expect(sends.today(now: Self.midnight - 3_600, zone: TimeZone(identifier: "UTC")!)[15].tally.delivered == 1)
    }

    @Test func aDaylightSavingDayHasItsOwnNumberOfHours() {
        let newYork = TimeZone(identifier: "America/New_York")!
        // 2021-03-14 12:00 EDT: clocks went from 02:00 to 03:00 that night.
        let hours = HourlySends().today(now: 1_615_737_600, zone: newYork)
        #expect(hours.count == 23 && !hours.map(\.hour).contains(2))
    }

    @Test func aHalfHourZoneCountsItsOwnHours() {
        var sends = HourlySends()
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        // 2021-03-01 09:15 IST is 03:45Z: the slot boundary falls on its local hour, not UTC's.
        sends.record(.delivered, at: 1_614_570_300)
        sends.record(.delivered, at: 1_614_570_300 - 1_800) // 08:45 IST
        let hours = sends.today(now: 1_614_570_300, zone: kolkata)
        #expect(hours[9].tally.delivered == 1 && hours[8].tally.delivered == 1)
    }

    @Test func olderThanTwoDaysIsForgotten() {
        var sends = HourlySends()
        for day in Int64(0)..<5 { for slot in Int64(0)..<96 { sends.record(.delivered, at: Self.midnight + day * 86_400 + slot * 900) } }
        #expect(sends.slots.count <= 2 * 96 + 1, "\(sends.slots.count) slots kept")
        #expect(sends.tally(from: Self.midnight + 4 * 86_400, to: Self.midnight + 5 * 86_400).delivered == 96)
    }

    @Test func theDaemonsMetricsHookCountsEveryConcludedAttempt() {
        let metrics = DaemonMetrics()
        let at = Self.midnight + 14 * 3_600 + 5
        for (id, result) in [Outcome.Result.delivered(gatewayMessageID: "a"), .delivered(gatewayMessageID: nil),
                             .retry(at: at + 60, reason: "http 503"), .skipped(.optedOut)].enumerated() {
            metrics.concluded(destination: "kannel", outcome: Outcome(delivery: Int64(id), result: result, at: at), throttled: false,
                              seconds: 0.1)
        }
        let hour = metrics.sendsByHour.current.today(now: at, zone: Self.shanghai)[14]
        #expect(hour.tally == .init(delivered: 2, failed: 1))
    }
}
