import LineLanguage
import Testing

struct LineScannerTests {
    private func scan(_ text: String) -> (tokens: [Token], comment: Token?, scanner: LineScanner) {
        var scanner = LineScanner(line: SourceFile(name: "t", text: text).lines[0], file: "t")
        var tokens: [Token] = []
        while let token = scanner.next() { tokens.append(token) }
        return (tokens, scanner.comment, scanner)
    }

    @Test(arguments: [
        ("    to      jiangxi, jiangxi/**", ["to", ",", "jiangxi", "jiangxi/**"].sorted(), [5, 13, 20, 22]),
        ("every mon,tue 10:00", [",", "10:00", "every", "mon", "tue"], [1, 7, 10, 11, 15]),
        ("a#b c", ["a#b", "c"], [1, 5]),
        ("region\u{3000}jiangxi\u{A0}江西省", ["region", "jiangxi", "江西省"], [1, 8, 16]),
        ("\t\"quoted \\\" text\" x", ["quoted \" text", "x"], [2, 19]),
    ])
    func splitsWordsCommasAndQuotedStringsWithColumns(line: String, texts: [String], columns: [Int]) {
        let tokens = scan(line).tokens
        #expect(tokens.map(\.text).sorted() == texts.sorted())
        #expect(tokens.map(\.location.column).sorted() == columns)
    }

    @Test func aHashAfterABlankStartsAComment() {
        let result = scan("    set hotline 96110   # a variable: {hotline}")
        #expect(result.tokens.map(\.text) == ["set", "hotline", "96110"])
        #expect(result.comment?.text == "# a variable: {hotline}")
        #expect(result.comment?.location.column == 25)
    }

    @Test func aLineOfOnlyACommentHasNoTokens() {
        let result = scan("   # just a note")
        #expect(result.tokens.isEmpty)
        #expect(result.comment?.location.column == 4)
    }

    @Test func literalRestKeepsHashesAndDropsTrailingBlanks() {
        var scanner = LineScanner(line: SourceFile(name: "t", text: "    sms  接到{hotline}来电 #1 请接听  ").lines[0], file: "t")
        let key = scanner.next()
        #expect(key?.text == "sms")
        let rest = scanner.rest(literal: true)
        #expect(rest?.text == "接到{hotline}来电 #1 请接听")
        #expect(rest?.location.column == 10)
        #expect(scanner.comment == nil)
        let after = scanner.next()
        #expect(after == nil)
    }

    @Test func nonLiteralRestStopsAtAComment() {
        var scanner = LineScanner(line: SourceFile(name: "t", text: "signature   【江西公安】   # put in front").lines[0], file: "t")
        _ = scanner.next()
        let signature = scanner.rest(literal: false)
        #expect(signature?.text == "【江西公安】")
        #expect(scanner.comment?.text == "# put in front")
        let nothing = scanner.rest(literal: false)
        #expect(nothing == nil)
    }

    @Test func anUnterminatedQuoteIsAnErrorAtItsStart() {
        let result = scan("url \"http://x")
        #expect(result.tokens.last?.text == "http://x")
        #expect(result.scanner.diagnostics.map(\.location.column) == [5])
        #expect(result.scanner.diagnostics.first?.message.contains("unterminated") == true)
    }

    @Test func endLocationPointsJustAfterTheLastToken() {
        var scanner = LineScanner(line: SourceFile(name: "f", text: "  at   2021-02-09").lines[0], file: "f")
        _ = scanner.next()
        _ = scanner.next()
        let atEnd = scanner.isAtEnd()
        #expect(atEnd)
        #expect(scanner.endLocation.column == 18)
    }
}

struct LineScannerCommaTests {
    @Test func seesACommaAheadWithoutConsumingIt() {
        var scanner = LineScanner(line: SourceFile(name: "t", text: "a ,b # ,").lines[0], file: "t")
        _ = scanner.next()
        #expect(scanner.isAtComma())
        _ = scanner.next()
        #expect(!scanner.isAtComma())
        _ = scanner.next()
        #expect(!scanner.isAtComma())
    }
}
