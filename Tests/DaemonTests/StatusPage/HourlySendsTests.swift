@testable import Daemon
import Foundation
import Outbox
import Testing

/// Today's sends per hour: the outbox's quarter-hour counts of the outcomes
/// recorded, bucketed by the hours of the campaign's zone (not UTC's), skips
/// not counted.
struct HourlySendsTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2021-03-01 00:00 +08:00.
    static let midnight: Int64 = 1_614_528_000

    /// The slots `record` would count for these outcomes, ended at these times.
    static func sends(_ ended: [(Outcome.Result, Int64)]) -> HourlySends {
        HourlySends(SendSlot.tally(ended.enumerated().map { Outcome(delivery: Int64($0), result: $1.0, at: $1.1) }))
    }

    static let delivered = Outcome.Result.delivered(gatewayMessageID: nil)

    @Test func attemptsLandInTheLocalHourTheyEnded() {
        let sends = Self.sends([
            (Self.delivered, Self.midnight + 9 * 3_600),                              // 09:00:00
            (Self.delivered, Self.midnight + 9 * 3_600 + 3_599),                      // 09:59:59
            (.dead(reason: "http 400"), Self.midnight + 10 * 3_600),                  // 10:00:00
            (.retry(at: Self.midnight + 11 * 3_600, reason: "http 503"), Self.midnight + 10 * 3_600 + 60),
            (.skipped(.capped), Self.midnight + 10 * 3_600 + 60),                     // no request: not a send
            (Self.delivered, Self.midnight - 1),                                      // yesterday 23:59:59
        ])
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
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        // 2021-03-01 09:15 IST is 03:45Z: the slot boundary falls on its local hour, not UTC's.
        let sends = Self.sends([(Self.delivered, 1_614_570_300), (Self.delivered, 1_614_570_300 - 1_800)]) // and 08:45 IST
        let hours = sends.today(now: 1_614_570_300, zone: kolkata)
        #expect(hours[9].tally.delivered == 1 && hours[8].tally.delivered == 1)
    }

    @Test func slotsStartOnQuarterHoursBeforeAndAfter1970() {
        #expect(SendSlot.start(of: 1_799) == 900 && SendSlot.start(of: 1_800) == 1_800)
        #expect(SendSlot.start(of: -1) == -900 && SendSlot.start(of: -900) == -900)
        let slots = SendSlot.tally([Outcome(delivery: 1, result: Self.delivered, at: 905),
                                    Outcome(delivery: 2, result: .dead(reason: "x"), at: 1_000),
                                    Outcome(delivery: 3, result: Self.delivered, at: 1_800)])
        #expect(slots == [SendSlot(start: 900, delivered: 1, failed: 1), SendSlot(start: 1_800, delivered: 1, failed: 0)])
    }
}
