import LineLanguage
import Schedule
import Testing

/// A planner fixes what `check` lists, top to bottom: every error must be a
/// mistake they made, once, and every mistake on a line must be listed.
struct OneMistakeOneErrorTests {
    private func errors(_ body: String) -> [Diagnostic] {
        ScheduleTestSupport.load(body).diagnostics.filter { $0.severity == .error }
    }

    @Test func aBadTimingLineIsNotAlsoAMissingOne() {
        let errors = errors("""
            message m
                every funday 10:00
                to jiangxi
                via webhook
                text hi

            """)
        #expect(errors.map(\.message) == ["'funday' is not a weekday"])
    }

    @Test func aBadTargetOrChannelLineIsNotAlsoAMissingOne() {
        let errors = errors("""
            message m
                every monday 10:00
                to
                via carrier-pigeon
                text hi

            """)
        #expect(errors.count == 2, "\(errors.map(\.message))")
        #expect(!errors.contains { $0.message.contains("has no") })
    }

    @Test func twoBadDatesOnOneLineAreBothReported() {
        let errors = errors("""
            message m
                at 2021-02-30 09:00, 2021-02-10 09:00, 2021-13-01 10:00
                to jiangxi
                via webhook
                text hi

            """)
        #expect(errors.map(\.message) == ["2021-02-30 does not exist", "2021-13-01 does not exist"])
        #expect(errors.map(\.location.column) == [8, 44])
    }

    @Test func aCampaignWithABadStartIsNotAlsoMissingOne() {
        let result = ScheduleLoader.load(path: "t.schedule", files: ["t.schedule": """
            campaign c
                starts 2021-02-31
                lasts 1 month
                timezone Asia/Shanghai

            """])
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors == ["2021-02-31 does not exist"])
    }
}
