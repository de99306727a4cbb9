import CivilDate
import LineLanguage
@testable import Plan
import Schedule
import Testing

/// How `check` words cap overruns: at the cap line, short enough to print
/// whole, and bounded for a campaign of months.
struct CapWarningTests {
    typealias Caps = CapOverrunTests

    @Test func theWarningNamesThePeopleTheDayAndWhatIsSkipped() throws {
        let plan = try Caps.plan([
            Caps.once("province", "2021-03-02 09:00", to: ["jiangxi"]),
            Caps.once("city", "2021-03-02 12:00", to: ["jiangxi/nanchang"]),
            Caps.once("county", "2021-03-02 18:00", to: ["jiangxi/nanchang/donghu"]),
        ], caps: [Caps.cap(2, per: .day)])
        let warnings = plan.capWarnings()
        #expect(warnings == [Diagnostic(
            .warning, at: SourceLocation(file: "campaign.schedule", line: 5, column: 5),
            "cap sms 2 per day: people in jiangxi/nanchang/donghu would get 3 SMS on 2021-03-02; "
                + "'county' (18:00) is skipped as capped for them",
            hint: "they get province 09:00, city 12:00, county 18:00; move one of these messages to another day, "
                + "or raise the cap to 'cap sms 3 per day'")])
        #expect(plan.warnings().contains(warnings[0]))
    }

    @Test func aDailyPatternOverThreeMonthsIsOneWarning() throws {
        let daily = Fixture.message("thrice", [.daily([Fixture.time("09:00"), Fixture.time("12:00"), Fixture.time("18:00")])],
                                    to: Fixture.targets(["jiangxi/**"]))
        let plan = try Caps.plan([daily], caps: [Caps.cap(2, per: .day)])
        let warnings = plan.capWarnings()
        #expect(warnings.map(\.message) == [
            "cap sms 2 per day: people in jiangxi/nanchang, jiangxi/nanchang/donghu and 1 more region would get 3 SMS "
                + "on 2021-02-09..2021-05-08; 'thrice' (18:00) is skipped as capped for them",
        ])
    }

    @Test func weeksWithTheSameMessagesAreOneWarningAndTheRestAreSummedUp() throws {
        // Three a week in every week; and on each of eight Wednesdays a different one-off on top.
        var messages = [Fixture.message("weekly", [.weekly([.monday, .tuesday, .friday], [Fixture.time("10:00")])],
                                        from: "2021-03-01", until: "2021-04-30", to: Fixture.targets(["jiangxi/jiujiang"]))]
        messages += (0..<8).map { week in
            Caps.once("extra-\(week)", LocalDate(dayNumber: Fixture.date("2021-03-03").dayNumber + 7 * week).description + " 11:00",
                      to: ["jiangxi/jiujiang"])
        }
        let warnings = try Caps.plan(messages, caps: [Caps.cap(3, per: .week)]).capWarnings()
        #expect(warnings.count == Plan.capWarningLimit + 1)
        #expect(warnings[0].message == "cap sms 3 per week: people in jiangxi/jiujiang would get 4 SMS in the week of "
                    + "2021-03-01; 'weekly' (Fri 10:00) is skipped as capped for them")
        #expect(warnings[0].hint?.hasPrefix("they get weekly Mon 10:00, weekly Tue 10:00, extra-0 Wed 11:00, weekly Fri 10:00;") == true)
        #expect(warnings.last?.message == "cap sms 3 per week: 3 more groups of regions or weeks over it, 3 occurrences capped there")
        #expect(warnings.allSatisfy { $0.message.unicodeScalars.count <= 320 })
    }

    @Test(arguments: [
        (["2021-03-01"], "2021-03-01"),
        (["2021-03-03", "2021-03-01", "2021-03-02", "2021-03-05"], "2021-03-01..2021-03-03, 2021-03-05"),
        (["2021-03-01", "2021-03-03", "2021-03-05", "2021-03-07", "2021-03-09", "2021-03-10"],
         "2021-03-01, 2021-03-03, 2021-03-05 and 3 more days"),
    ])
    func consecutiveDaysAreRanges(days: [String], expected: String) {
        #expect(Plan.periods(days.map(Fixture.date), step: 1, unit: "day") == expected)
    }

    @Test func consecutiveWeeksAreRangesOfMondays() {
        let mondays = ["2021-03-01", "2021-03-08", "2021-03-22"].map(Fixture.date)
        #expect(Plan.periods(mondays, step: 7, unit: "week") == "2021-03-01..2021-03-08, 2021-03-22")
    }
}
