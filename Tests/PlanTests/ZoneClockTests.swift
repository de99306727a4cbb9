import Plan
import Schedule
import Testing

struct ZoneClockTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var zone: String
        var wall: String
        var instant: Int64
        var offset: Int
        var happens: String
        var testDescription: String { "\(wall) \(zone)" }
    }

    @Test(arguments: [
        // The launch: China has had no daylight saving since 1991.
        Case(zone: "Asia/Shanghai", wall: "2021-02-09 20:00", instant: 1_612_872_000, offset: 28_800, happens: "2021-02-09 20:00"),
        // Spring forward: 02:00-03:00 does not exist, 02:30 moves on by the gap.
        Case(zone: "America/New_York", wall: "2021-03-14 02:30", instant: 1_615_707_000, offset: -14_400, happens: "2021-03-14 03:30"),
        Case(zone: "America/New_York", wall: "2021-03-14 01:30", instant: 1_615_703_400, offset: -18_000, happens: "2021-03-14 01:30"),
        // Fall back: 01:30 happens twice; the first (still daylight time) counts.
        Case(zone: "America/New_York", wall: "2021-11-07 01:30", instant: 1_636_263_000, offset: -14_400, happens: "2021-11-07 01:30"),
        Case(zone: "America/New_York", wall: "2021-11-07 03:00", instant: 1_636_272_000, offset: -18_000, happens: "2021-11-07 03:00"),
        Case(zone: "Europe/Berlin", wall: "2021-03-28 02:30", instant: 1_616_895_000, offset: 7_200, happens: "2021-03-28 03:30"),
        Case(zone: "Europe/Berlin", wall: "2021-03-27 02:30", instant: 1_616_808_600, offset: 3_600, happens: "2021-03-27 02:30"),
        Case(zone: "Europe/Berlin", wall: "2021-03-29 02:30", instant: 1_616_977_800, offset: 7_200, happens: "2021-03-29 02:30"),
        Case(zone: "Europe/Berlin", wall: "2021-10-31 02:30", instant: 1_635_640_200, offset: 7_200, happens: "2021-10-31 02:30"),
    ])
    func resolvesWallTimes(_ example: Case) throws {
        var clock = try #require(ZoneClock(identifier: example.zone))
        let occurrence = clock.occurrence(of: "launch", at: Fixture.moment(example.wall))
        #expect(occurrence.instant == example.instant)
        #expect(occurrence.utcOffset == example.offset)
        #expect(occurrence.local.description == example.happens)
    }

    @Test func repeatedQuestionsGetTheSameAnswer() throws {
        var clock = try #require(ZoneClock(identifier: "America/New_York"))
        let first = clock.resolve(Fixture.moment("2021-11-07 01:30"))
        let again = clock.resolve(Fixture.moment("2021-11-07 01:30"))
        #expect(first == again)
    }

    @Test func unknownZonesAreRefused() {
        #expect(ZoneClock(identifier: "Asia/Nanchang") == nil)
    }

    @Test(arguments: [
        (Int64(1_612_872_000), 28_800, "2021-02-09 20:00"),
        (Int64(0), -18_000, "1969-12-31 19:00"),
        (Int64(-1), 0, "1969-12-31 23:59"),
    ])
    func wallTimeOfAnInstant(instant: Int64, offset: Int, expected: String) {
        #expect(ZoneClock.wallTime(instant: instant, utcOffset: offset).description == expected)
    }

    @Test(arguments: [
        (28_800, "2021-02-09T20:00:00+08:00"),
        (-14_400, "2021-02-09T20:00:00-04:00"),
        (0, "2021-02-09T20:00:00+00:00"),
        (19_800, "2021-02-09T20:00:00+05:30"),
    ])
    func iso8601CarriesTheOffset(offset: Int, expected: String) {
        let occurrence = Occurrence(message: "launch", local: Fixture.moment("2021-02-09 20:00"), instant: 0, utcOffset: offset)
        #expect(occurrence.iso8601 == expected)
    }
}
