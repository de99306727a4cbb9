import CivilDate
import Testing

struct LocalDateTests {
    @Test(arguments: [
        (2021, 2, 29, false), (2020, 2, 29, true), (2000, 2, 29, true), (1900, 2, 29, false),
        (2021, 4, 31, false), (2021, 13, 1, false), (2021, 12, 31, true), (2021, 1, 0, false),
    ])
    func existsOnlyWhenTheCalendarHasIt(year: Int, month: Int, day: Int, exists: Bool) {
        #expect((LocalDate(year: year, month: month, day: day) != nil) == exists)
    }

    @Test func launchDayWasATuesday() throws {
        #expect(try #require(LocalDate(year: 2021, month: 2, day: 9)).weekday == .tuesday)
        #expect(try #require(LocalDate(year: 1970, month: 1, day: 1)).weekday == .thursday)
        #expect(try #require(LocalDate(year: 1969, month: 12, day: 31)).weekday == .wednesday)
    }

    @Test func dayNumbersRoundTripAcrossCenturies() {
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: number).dayNumber == number)
        }
    }

    @Test func threeMonthsFromTheLaunchEndsOnTheEighthOfMay() throws {
        let start = try #require(LocalDate(year: 2021, month: 2, day: 9))
        // `lasts 3 months` is the days up to, not including, the same day three months on.
        #expect(start.adding(months: 3).adding(days: -1).description == "2021-05-08")
    }

    @Test func monthArithmeticClampsToTheMonthsEnd() throws {
        let endOfJanuary = try #require(LocalDate(year: 2020, month: 1, day: 31))
        #expect(endOfJanuary.adding(months: 1).description == "2020-02-29")
        #expect(endOfJanuary.adding(months: 13).description == "2021-02-28")
        #expect(endOfJanuary.adding(months: -2).description == "2019-11-30")
    }
}
