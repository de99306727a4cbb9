import LineLanguage
import Testing

/// The property reader both languages share: which key a line starts, which
/// keys may repeat, how a value splits, and which lines belong to a block.
struct PropertyReaderTests {
    static let keys = [
        PropertyKey("url"), PropertyKey("signing", repeatable: true),
        PropertyKey("json", shape: .literalRest), PropertyKey("field", shape: .nameAndRest),
    ]
    static let wording = PropertyReader.Wording(
        unknownKey: { key, didYouMean in ("unknown key \(key)", didYouMean ?? "no hint") },
        repeatedKey: { key, first in ("'\(key.text)' again", "first on line \(first)") })

    /// Each line's key through one reader, as one block's lines are read.
    private func read(_ text: String, wording: PropertyReader.Wording = wording)
        -> (lines: [PropertyLine], diagnostics: [Diagnostic]) {
        var reader = PropertyReader(keys: Self.keys, wording: wording)
        var bag = DiagnosticBag()
        var lines: [PropertyLine] = []
        for line in SourceFile(name: "t", text: text).lines {
            var scanner = LineScanner(line: line, file: "t")
            guard let key = scanner.next(), let spec = reader.key(key, diagnostics: &bag) else { continue }
            lines.append(PropertyReader.arguments(of: key, shape: spec.shape, &scanner))
        }
        return (lines, bag.all)
    }

    @Test func anUnknownKeyIsReportedAtItsPlaceWithTheNearestKnownOne() throws {
        let result = read("    urk https://x")
        #expect(result.lines.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message == "unknown key 'urk'")
        #expect(diagnostic.hint == "did you mean 'url'?")
        #expect((diagnostic.location.line, diagnostic.location.column) == (1, 5))
    }

    @Test func aKeyThatMayAppearOnceIsRefusedTheSecondTime() throws {
        let result = read("    url a\n    signing s1\n    signing s2\n    url b")
        #expect(result.lines.map(\.keyName) == ["url", "signing", "signing"])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.message == "'url' again" && diagnostic.hint == "first on line 1")
        #expect(diagnostic.location.line == 4)
    }

    @Test func withoutRepeatWordingRepeatsAreTheCallersToCheck() {
        let wording = PropertyReader.Wording(unknownKey: { key, _ in ("unknown \(key)", "") })
        let result = read("    url a\n    url b", wording: wording)
        #expect(result.lines.map { $0.arguments.map(\.text) } == [["a"], ["b"]])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func eachShapeSplitsTheValueItsWay() {
        let result = read("""
                url "https://x/y" , b   # note
                json {"to":"{to}"} # kept
                field text {text} # gone
            """)
        #expect(result.lines.map { $0.arguments.map(\.text) } == [
            ["https://x/y", ",", "b"], [#"{"to":"{to}"} # kept"#], ["text", "{text}"],
        ])
        #expect(result.lines[0].end.column == 26, "just after the last token, where a missing value is reported")
    }

    @Test(arguments: [
        // Lines 2-3 are indented; a blank line between them belongs, a trailing one does not.
        ("head\n    a\n\n    b\n\nnext", 0, false, 1..<4),
        // A comment in the first column ends the block unless comments are inside it.
        ("head\n    a\n# note\n    b\nnext", 0, false, 1..<2),
        ("head\n    a\n# note\n    b\nnext", 0, true, 1..<4),
        // Deeper than the key's own indentation: a sibling key ends the text block.
        ("    text\n        line 1\n        line 2\n    via sms", 4, false, 1..<3),
        ("head\nnext", 0, true, 1..<1),
    ])
    func aBlockIsTheLinesIndentedBelowIt(text: String, indentation: Int, commentsInside: Bool, expected: Range<Int>) {
        #expect(SourceFile(name: "t", text: text).block(from: 1, deeperThan: indentation, commentsInside: commentsInside) == expected)
    }
}
