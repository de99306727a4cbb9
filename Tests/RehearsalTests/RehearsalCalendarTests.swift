import CivilDate
import Rehearsal
import Testing

struct RehearsalCalendarTests {
    /// The spill scenario: the launch at 23:59 on Monday 2021-03-01 spills 800 sends into Tuesday,
    /// where the follow-up skips them as capped. The calendar is one week, Monday first.
    @Test func theCalendarMarksTheSpillAndTheCapOnTheirDays() throws {
        let rehearsal = try RehearsalFixture.withCampaign(
            people: 2000, messages: [("launch", "2021-03-01 23:59"), ("follow-up", "2021-03-02 10:00")],
            campaignLines: "    cap         sms 1 per day\n") {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20))
        }
        let calendar = RehearsalCalendar(rehearsal)
        #expect(calendar.weeks.count == 1)
        let week = try #require(calendar.weeks.first)
        #expect(week.map(\.date.weekday) == Weekday.allCases)
        let monday = week[0], tuesday = week[1]
        #expect(monday.date == LocalDate(year: 2021, month: 3, day: 1))
        #expect(monday.sends == 1200 && !monday.spill && !monday.capped && !monday.outside)
        #expect(tuesday.sends == 800 + 1200 && tuesday.spill && tuesday.capped)
        #expect(week[2...].allSatisfy { $0.outside })
        #expect(calendar.peak == 2000)
        // 1,200 sends in the launch's last minute of a 20/s gateway's day: far from overloaded.
        #expect(monday.load > 0 && !monday.overloaded)
    }
}
