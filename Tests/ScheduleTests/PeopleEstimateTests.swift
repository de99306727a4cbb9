import LineLanguage
import Schedule
import Testing

/// `people N` on a region: a census figure as a table writes it, for rehearsing before the lists exist.
struct PeopleEstimateTests {
    private func load(_ people: String) -> ScheduleLoadResult {
        ScheduleLoader.load(path: "t.schedule", files: ["t.schedule": """
            campaign c
                starts 2021-02-09
                lasts 1 month
                timezone Asia/Shanghai
            region jiangxi
                people \(people)
            region jiangxi/nanchang
                people 6255007

            """])
    }

    @Test(arguments: ["45,188,635", "45188635", "45_188_635", "45，188，635", "45,188,635  # 2020 census"])
    func censusFiguresReadAsWritten(text: String) throws {
        let document = try #require(load(text).document)
        #expect(document.regions.map(\.people) == [45_188_635, 6_255_007])
    }

    @Test(arguments: ["many", "-5", "4.5 million", ""])
    func aFigureThatIsNotANumberIsAnErrorAtIt(text: String) {
        let errors = load(text).diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.location.line == 6)
        #expect(errors.first?.hint?.contains("people 6,255,007") == true)
    }

    @Test func fmtPrintsItGroupedAndReadsItBack() throws {
        let (formatted, diagnostics) = ScheduleFormatter.format(text: "region jiangxi\n    people 45188635\n", name: "r")
        #expect(diagnostics.isEmpty)
        let output = try #require(formatted)
        #expect(output.contains("people 45,188,635"))
        #expect(ScheduleFormatter.format(text: output, name: "r").0 == output)
    }
}
