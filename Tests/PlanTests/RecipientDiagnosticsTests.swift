import LineLanguage
import Plan
import Schedule
import Testing

struct RecipientDiagnosticsTests {
    /// Two cities sharing one list and a county with its own, all reached by two daily occurrences.
    private func plan(nanchang: String, donghu: String = "13900000001\n", tolerated: Int = 0,
                      optout: String? = nil) throws -> (Plan, Scratch) {
        let scratch = try Scratch()
        let shared = try scratch.write("nanchang.txt", nanchang)
        let county = try scratch.write("donghu.txt", donghu)
        var campaign = Fixture.campaign()
        campaign.malformedNumbersTolerated = tolerated
        if let optout {
            let path = optout.isEmpty ? scratch.directory + "/missing.txt" : try scratch.write("optout.txt", optout)
            campaign.optOutList = OptOutList(path: "optout.txt", resolvedPath: path, location: Fixture.location)
        }
        let document = Fixture.document(
            campaign: campaign,
            regions: [
                Fixture.region("jiangxi", "江西省"),
                Fixture.region("jiangxi/nanchang", "南昌市", sms: shared),
                Fixture.region("jiangxi/jiujiang", "九江市", sms: shared),
                Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: county),
            ],
            messages: [Fixture.message("tip", [.at([Fixture.moment("2021-02-10 10:00"), Fixture.moment("2021-02-11 10:00")])],
                                       to: Fixture.targets(["jiangxi/**"]))])
        return (try Plan(document), scratch)
    }

    private static let sevenBad = "13800000001\n" + (1...7).map { "138000000\($0)" }.joined(separator: "\n") + "\n13800000002\n"

    @Test func aCleanListHasNoDiagnosticsAndDropsNothing() throws {
        let (plan, _) = try plan(nanchang: "13800000001\n138 0000 0002\n")
        #expect(plan.malformedNumberDiagnostics().isEmpty)
        #expect(plan.summary().droppedRecipients == 0)
        #expect(!plan.summary().description.contains("dropped"))
    }

    @Test func malformedLinesBeyondTheToleranceAreErrorsAtTheListsLines() throws {
        let (plan, scratch) = try plan(nanchang: Self.sevenBad)
        let diagnostics = plan.malformedNumberDiagnostics()
        #expect(diagnostics.allSatisfy { $0.severity == .error })
        // The first five lines at the list's own positions, then one summary at the 'sms' line.
        let listLines = diagnostics.filter { $0.location.file == scratch.directory + "/nanchang.txt" }
        #expect(listLines.map(\.location.line) == [2, 3, 4, 5, 6])
        #expect(listLines.allSatisfy { $0.location.column == 1 && $0.message.hasPrefix("malformed phone number") })
        let summary = try #require(diagnostics.last)
        #expect(summary.location == Fixture.location)
        #expect(summary.message.contains("7 malformed lines"))
        #expect(summary.hint?.contains("malformed-numbers 7") == true)
        // The shared list is reported once, though two regions use it.
        #expect(diagnostics.count == 6)
        #expect(plan.warnings().filter { $0.severity == .error }.count == 6)
    }

    @Test func upToTheToleranceTheyAreWarnings() throws {
        let (plan, _) = try plan(nanchang: Self.sevenBad, donghu: "13900000001\nnot a number\n", tolerated: 7)
        let diagnostics = plan.malformedNumberDiagnostics()
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        // Donghu's single bad line needs no summary; Nanchang's seven do (only five are shown).
        #expect(diagnostics.count == 5 + 1 + 1)
    }

    @Test func diagnosticsNeverQuoteTheNumbers() throws {
        let (plan, _) = try plan(nanchang: "1597531x246\n")
        let diagnostics = plan.malformedNumberDiagnostics()
        #expect(diagnostics.map { $0.rendered(line: nil) }.joined().contains("nanchang.txt:1:8: error: malformed phone number"))
        let words = diagnostics.map { $0.message + " " + ($0.hint ?? "") }.joined()
        #expect(!words.contains("1597531"))
        #expect(!words.contains("246"))
    }

    @Test func thePlanCountsValidNumbersAndSaysHowManyWereDropped() throws {
        let (plan, _) = try plan(nanchang: Self.sevenBad, tolerated: 7)
        let summary = plan.summary()
        // Per occurrence: Nanchang 2 + Jiujiang 2 + Donghu 1 numbers; 7 + 7 malformed lines.
        #expect(summary.deliveries[.sms] == 2 * 5)
        #expect(summary.droppedRecipients == 2 * 14)
        #expect(summary.description.hasSuffix("; 28 malformed numbers dropped"))
        var report = ""
        PlanTextReport.write(plan, to: &report)
        #expect(report.contains("sms 10 list entries; 28 malformed numbers dropped\n"))
    }

    @Test func anUnreadableOptOutFileIsAnErrorAndItsBadLinesWarnings() throws {
        // The opt-out file is read when diagnostics are asked for: keep each scratch folder until then.
        let missing = try plan(nanchang: "13800000001\n", optout: "")
        #expect(missing.0.optOutFileDiagnostics().map(\.message) == ["cannot read the opt-out file 'optout.txt'"])
        #expect(missing.0.warnings().contains { $0.severity == .error })
        let clean = try plan(nanchang: "13800000001\n", optout: "13800000001\n")
        #expect(clean.0.optOutFileDiagnostics().isEmpty)
        let sloppy = try plan(nanchang: "13800000001\n", optout: "13800000001\nTD\n")
        let diagnostics = sloppy.0.optOutFileDiagnostics()
        #expect(diagnostics.map(\.severity) == [.warning, .warning])
        #expect(diagnostics.first?.location.line == 2)
        #expect(diagnostics.last?.message == "opt-out file 'optout.txt' has 1 malformed line; they opt nobody out")
        withExtendedLifetime((missing, clean, sloppy)) {}
    }
}
