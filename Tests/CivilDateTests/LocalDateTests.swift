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

struct LocalDateParsingTests {
    @Test(arguments: ["2021-02-09", "2021-2-9", "2024-02-29"])
    func readsTheSchedulesSpelling(text: String) throws {
        let date = try LocalDate.parse(text).get()
        #expect(date.description.count == 10)
    }

    /// `split("-")` dropped empty and extra parts, so the command line took these.
    @Test(arguments: ["2021-02-09-x", "2021--02-09", "21-02-09", "2021-02", "２０２１-02-09", "2021-02-09 ", ""])
    func refusesAnythingElse(text: String) {
        #expect(LocalDate.parse(text) == .failure(.notADate))
    }

    @Test func saysWhenTheDayIsNotInTheCalendar() {
        #expect(LocalDate.parse("2021-02-29") == .failure(.doesNotExist(year: 2021, month: 2)))
        #expect(LocalDate.parse("2021-13-01") == .failure(.doesNotExist(year: 2021, month: 13)))
    }

    @Test func timesOfDay() {
        #expect(LocalTime.parse("20:00") == LocalTime(hour: 20, minute: 0))
        #expect(LocalTime.parse("8:05") == LocalTime(hour: 8, minute: 5))
        #expect(LocalTime.parse("24:00") == nil)
        #expect(LocalTime.parse("20:0") == nil)
    }
}
