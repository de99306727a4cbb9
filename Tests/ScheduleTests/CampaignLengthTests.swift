import Schedule
import Testing

/// `lasts` is calendar arithmetic; month ends and leap days are where it goes wrong.
struct CampaignLengthTests {
    @Test(arguments: [
        ("2021-02-09", "3 months", "2021-05-08"),
        ("2021-02-09", "1 month", "2021-03-08"),
        ("2021-02-09", "2 weeks", "2021-02-22"),
        ("2021-02-09", "10 days", "2021-02-18"),
        ("2021-02-09", "1 day", "2021-02-09"),
        ("2020-01-31", "1 month", "2020-02-29"),
        ("2021-01-31", "1 month", "2021-02-28"),
        ("2023-03-31", "11 months", "2024-02-29"),
        ("2024-02-29", "12 months", "2025-02-28"),
        ("2021-12-15", "1 month", "2022-01-14"),
    ])
    func lastsEndsOnTheRightDay(starts: String, lasts: String, ends: String) throws {
        let result = ScheduleLoader.load(path: "c", files: ["c": """
            campaign c T
                starts \(starts)
                lasts \(lasts)
                timezone UTC

            """])
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        #expect(document.campaign.ends.description == ends)
    }

    @Test(arguments: [("2024-02-01", "29", false), ("2021-02-01", "29", true), ("2024-02-01", "30", true)])
    func leapYearsDecideWhetherFebruaryIsSkipped(starts: String, day: String, warns: Bool) throws {
        let result = ScheduleLoader.load(path: "c", files: ["c": """
            campaign c T
                starts \(starts)
                lasts 1 month
                timezone UTC
            region r R
            message m
                every month on \(day) 09:00
                to r
                via webhook
                text hi

            """])
        #expect(result.document != nil)
        #expect(result.diagnostics.contains { $0.message.contains("skips February") } == warns)
    }
}
