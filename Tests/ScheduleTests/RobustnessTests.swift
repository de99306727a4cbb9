import Foundation
import LineLanguage
import Schedule
import Testing

/// Whatever the bytes, loading ends with diagnostics, never a crash or a hang.
struct RobustnessTests {
    private func load(_ bytes: [UInt8]) -> ScheduleLoadResult {
        ScheduleLoader(readFile: { _ in bytes }).load(path: "x.schedule")
    }

    @Test func anEmptyFileIsAnError() {
        let result = load([])
        #expect(result.document == nil)
        #expect(result.renderedDiagnostics.hasPrefix("x.schedule:1:1: error: the schedule is empty"))
    }

    @Test func aBinaryFileIsOneErrorNotAFlood() {
        var random = SeededGenerator(seed: 7)
        let bytes = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00] + (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let result = load(bytes)
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.message) == ["this is a binary file, not text"])
        #expect(result.diagnostics.first?.location.column == 1)
    }

    @Test func invalidUTF8IsReportedAtItsPositionAndTheRestStillChecked() {
        let text = Array("campaign c T\n    starts 2021-02-09\n    lasts 1 month\n    timezone UTC\nregion r R\nmessage m\n    at 2021-02-10 09:00\n    to r\n    via sms\n    text ab".utf8)
            + [0xC3, 0x28] + Array("\n    via sms\n".utf8)
        let result = load(text)
        #expect(result.document == nil)
        let invalid = result.diagnostics.first { $0.message == "invalid UTF-8 byte sequence" }
        #expect(invalid?.location == SourceLocation(file: "x.schedule", line: 10, column: 12))
        #expect(result.diagnostics.contains { $0.message == "'via' is given twice" && $0.location.line == 11 })
    }

    @Test(.timeLimit(.minutes(2)))
    func aTenMegabyteLineGivesErrorsQuickly() {
        let huge = String(repeating: "春a", count: 5_000_000) + "{x}"
        let text = "campaign c T\n    starts 2021-02-09\n    lasts 1 month\n    timezone UTC\nregion r R\n"
            + "message m\n    at 2021-02-10 09:00\n    to r\n    via sms\n    text " + huge + "\n"
            + "message " + String(repeating: "n", count: 10_000_000) + "!\n"
        let started = Date()
        let result = load(Array(text.utf8))
        #expect(result.document == nil)
        #expect(result.diagnostics.contains { $0.message == "unknown variable '{x}'" && $0.location.column == 10_000_010 })
        #expect(result.diagnostics.contains { $0.location.line == 11 && $0.message.contains("not a valid message name") })
        #expect(result.renderedDiagnostics.count < 10_000)
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// Mutations of the issue's example: random edits at random places.
    @Test func mutatedExamplesAlwaysEndInADocumentOrAnError() throws {
        let campaign = try String(contentsOfFile: ScheduleTestSupport.fixtures + "/campaign.schedule", encoding: .utf8)
        let regions = try String(contentsOfFile: ScheduleTestSupport.fixtures + "/jiangxi.regions", encoding: .utf8)
        let vocabulary = ["every", "at", "monday", ",", "..", "{", "}", "{x}", "#", "\"", "\n", "\n    ", "\n        ",
                          "2021-02-30", "25:00", "jiangxi/**", "except", "via", "sms", "include campaign.schedule",
                          "message launch", "region jiangxi/x X", "\u{0}", "\u{FFFD}", "春风", "\t", "month on 31 09:00"]
        var random = SeededGenerator(seed: 2021_02_09)
        for _ in 0..<300 {
            var scalars = Array(campaign.unicodeScalars)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let at = Int.random(in: 0...scalars.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    let end = min(scalars.count, at + Int.random(in: 1...20, using: &random))
                    scalars.removeSubrange(at..<end)
                case 1:
                    scalars.insert(contentsOf: vocabulary.randomElement(using: &random)!.unicodeScalars, at: at)
                default:
                    scalars.insert(Unicode.Scalar(UInt8.random(in: 0...127, using: &random)), at: at)
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let mutated = String(view)
            let result = ScheduleLoader.load(path: "campaign.schedule",
                                             files: ["campaign.schedule": mutated, "jiangxi.regions": regions])
            if result.document == nil {
                #expect(result.hasErrors, "no error for:\n\(mutated)")
            }
            for diagnostic in result.diagnostics {
                let source = result.sources[diagnostic.location.file]
                #expect(source?.line(diagnostic.location.line) != nil, "\(diagnostic) outside its file")
            }
            let (formatted, _) = ScheduleFormatter.format(text: mutated, name: "campaign.schedule")
            if let formatted {
                #expect(ScheduleFormatter.format(text: formatted, name: "campaign.schedule").0 == formatted,
                        "fmt not idempotent for:\n\(mutated)")
            }
        }
    }
}
