import CivilDate
import Plan
import Schedule
import Testing

struct PlanRollupTests {
    private func day(_ text: String) -> LocalDate { Fixture.date(text) }

    /// The campaign starts on a Tuesday: the first week is cut to Tuesday–Sunday, and weeks run Monday to Sunday.
    @Test func weeksRunMondayToSundayAndMonthsByTheCalendarCutToTheCampaign() throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        let weeks = PlanRollup.periods(.week, of: plan, matching: PlanFilter())
        #expect(weeks.first == day("2021-02-09")...day("2021-02-14"))
        #expect(weeks.dropFirst().allSatisfy { $0.lowerBound.weekday == .monday })
        #expect(weeks.dropLast().allSatisfy { $0.upperBound.weekday == .sunday })
        #expect(weeks.last?.upperBound == day("2021-05-08"))
        let months = PlanRollup.periods(.month, of: plan, matching: PlanFilter(from: day("2021-02-20"), to: day("2021-04-03")))
        #expect(months == [day("2021-02-20")...day("2021-02-28"), day("2021-03-01")...day("2021-03-31"),
                           day("2021-04-01")...day("2021-04-03")])
    }

    /// Rows are the plan's own summaries over their days, so the additive figures add up to the total.
    @Test(arguments: PlanRollup.Period.allCases)
    func rowsAddUpToTheTotal(period: PlanRollup.Period) throws {
        let scratch = try Scratch()
        let plan = try Plan(Chunfeng.document(recipients: scratch))
        let people = PlanPeople(plan)
        let rows = PlanRollup.periods(period, of: plan, matching: PlanFilter()).map { range in
            plan.summary(matching: PlanFilter(from: range.lowerBound, to: range.upperBound), people: people)
        }
        let total = plan.summary(people: people)
        #expect(rows.reduce(0) { $0 + $1.occurrences } == total.occurrences)
        #expect(rows.reduce(0) { $0 + $1.deliveries[.sms, default: 0] } == total.deliveries[.sms])
        #expect(rows.reduce(0) { $0 + ($1.people ?? 0) } == total.people)
        #expect(rows.reduce(0) { $0 + ($1.smsSegments ?? 0) } == total.smsSegments)

        var output = ""
        PlanRollup.write(plan, by: period, people: people, to: &output)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1 + rows.count + 1)
        #expect(lines.last?.hasPrefix("Total") == true)
    }
}
