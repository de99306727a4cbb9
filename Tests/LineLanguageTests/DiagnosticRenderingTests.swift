import LineLanguage
import Testing

struct DiagnosticRenderingTests {
    @Test func printsLocationSourceLineCaretAndHint() {
        let file = SourceFile(name: "campaign.schedule", text: "message x\n    to      jiangxi/nanchan\n")
        let diagnostic = Diagnostic(.error, at: file.location(line: 2, column: 13), "unknown region 'jiangxi/nanchan'",
                                    hint: "did you mean 'jiangxi/nanchang'?")
        #expect(diagnostic.rendered(in: file) == """
            campaign.schedule:2:13: error: unknown region 'jiangxi/nanchan'
                to      jiangxi/nanchan
                        ^
            hint: did you mean 'jiangxi/nanchang'?
            """)
    }

    @Test func theCaretCountsWideCharactersTwiceAndKeepsTabs() {
        let file = SourceFile(name: "f", text: "\tsms 江西{hotlin}")
        let rendered = Diagnostic(.error, at: file.location(line: 1, column: 8), "unknown variable").rendered(in: file)
        #expect(rendered.split(separator: "\n", omittingEmptySubsequences: false)[2] == "\t        ^")
    }

    @Test func warningsWithoutASourceLinePrintOneLine() {
        let diagnostic = Diagnostic(.warning, at: SourceLocation(file: "gone", line: 9, column: 1), "skipped")
        #expect(diagnostic.rendered(in: nil) == "gone:9:1: warning: skipped")
    }

    @Test func aLongLineIsCutAroundTheColumn() {
        let file = SourceFile(name: "f", text: String(repeating: "a", count: 5000) + "X" + String(repeating: "b", count: 5000))
        let lines = Diagnostic(.error, at: file.location(line: 1, column: 5001), "here").rendered(in: file)
            .split(separator: "\n").map(String.init)
        #expect(lines[1].count < 200)
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("…"))
        let caretIndex = lines[2].count - 1
        #expect(Array(lines[1])[caretIndex] == "X")
    }

    @Test func aBagCapsAFloodAndSaysHowManyItDropped() {
        var bag = DiagnosticBag(limit: 3)
        for column in 1...10 { bag.error("bad", at: SourceLocation(file: "f", line: 1, column: column)) }
        bag.warning("meh", at: SourceLocation(file: "f", line: 2, column: 1))
        #expect(bag.errorCount == 10)
        #expect(bag.warningCount == 1)
        #expect(bag.hasErrors)
        #expect(bag.all.count == 4)
        #expect(bag.all.last?.message == "8 more diagnostics not shown")
    }

    @Test func sortsByFileOrderThenLineAndColumn() {
        var bag = DiagnosticBag()
        bag.error("c", at: SourceLocation(file: "b", line: 1, column: 1))
        bag.error("b", at: SourceLocation(file: "a", line: 3, column: 2))
        bag.warning("a", at: SourceLocation(file: "a", line: 3, column: 1))
        bag.error("d", at: SourceLocation(file: "unlisted", line: 1, column: 1))
        #expect(bag.all(inFileOrder: ["a", "b"]).map(\.message) == ["a", "b", "c", "d"])
    }
}

struct LongMessageTests {
    @Test func aMessageQuotingAHugeWordIsShortened() {
        let huge = String(repeating: "x", count: 1_000_000)
        let rendered = Diagnostic(.error, at: SourceLocation(file: "f", line: 1, column: 1), "unknown '\(huge)'",
                                  hint: huge).rendered(in: nil)
        #expect(rendered.count < 1000)
        #expect(rendered.hasPrefix("f:1:1: error: unknown 'xxx"))
        #expect(rendered.contains("…"))
    }
}
