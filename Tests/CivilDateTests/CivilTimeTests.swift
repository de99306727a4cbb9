import CivilDate
import Testing

struct CivilTimeTests {
    @Test(arguments: [
        (Int64(1_615_770_000), 8 * 3600, "2021-03-15T09:00:00+08:00"),
        (Int64(0), 0, "1970-01-01T00:00:00Z"),
        (Int64(951_782_400), 0, "2000-02-29T00:00:00Z"),
        (Int64(-1), -5 * 3600 - 1800, "1969-12-31T18:29:59-05:30"),
        (Int64(4_107_542_399), 0, "2100-02-28T23:59:59Z"),
    ])
    func iso8601WithOffset(seconds: Int64, offset: Int, expected: String) {
        #expect(CivilTime.iso8601(secondsSince1970: seconds, utcOffset: offset) == expected)
    }

    @Test func civilTimeRoundTripsAcrossCenturies() {
        for seconds in stride(from: Int64(-5_000_000_000), through: 5_000_000_000, by: 86_399 * 37) {
            #expect(CivilTime.seconds(CivilTime.fields(secondsSince1970: seconds)) == seconds)
        }
    }

    @Test func utcCanBeSpeltAsAnOffset() {
        #expect(CivilTime.iso8601(secondsSince1970: 0, utcOffset: 0, utc: "+00:00") == "1970-01-01T00:00:00+00:00")
    }

    @Test func wallTimeIsTheLocalDateAndTime() {
        #expect(CivilTime.wallTime(secondsSince1970: 1_612_872_000, utcOffset: 8 * 3600) == "2021-02-09 20:00:00")
        #expect(CivilTime.wallTime(secondsSince1970: 1_612_872_005, utcOffset: 0) == "2021-02-09 12:00:05")
    }
}
