import LineLanguage
import Testing

struct SourceFileTests {
    @Test func splitsLinesAndDropsCarriageReturns() {
        let file = SourceFile(name: "f", text: "a\r\n  b\n\n#c")
        #expect(file.lines.map(\.text) == ["a", "  b", "", "#c"])
        #expect(file.lines.map(\.indentation) == [0, 2, 0, 0])
        #expect(file.lines.map(\.isBlank) == [false, false, true, false])
        #expect(file.lines.map(\.isComment) == [false, false, false, true])
    }

    @Test func anEmptyTextIsOneBlankLine() {
        let file = SourceFile(name: "f", text: "")
        #expect(file.lines.count == 1)
        #expect(file.isEmpty)
    }

    @Test func invalidUTF8BecomesAReplacementAndAnErrorAtItsColumn() {
        let bytes = Array("ok\nab".utf8) + [0xFF, 0xFE] + Array("cd".utf8)
        let (file, diagnostics) = SourceFile.decode(name: "bad", bytes: bytes)
        #expect(file.lines[1].text.hasPrefix("ab\u{FFFD}"))
        #expect(file.lines[1].text.hasSuffix("cd"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == SourceLocation(file: "bad", line: 2, column: 3))
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func aNulByteMarksTheFileBinaryWithOneError() {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x00, 0x01, 0x0A, 0x00]
        let (file, diagnostics) = SourceFile.decode(name: "a.out", bytes: bytes)
        #expect(file.isBinary)
        #expect(diagnostics.map(\.message) == ["this is a binary file, not text"])
        #expect(diagnostics.first?.location.column == 1)
    }

    @Test func chineseTextDecodesWithOneColumnPerCharacter() {
        let (file, diagnostics) = SourceFile.decode(name: "f", bytes: Array("region jiangxi 江西省 x".utf8))
        #expect(diagnostics.isEmpty)
        var scanner = LineScanner(line: file.lines[0], file: "f")
        _ = scanner.next(); _ = scanner.next(); _ = scanner.next()
        let name = scanner.next()
        #expect(name?.location.column == 20)
    }

    @Test func aTenMegabyteLineDecodesAndScansInLinearTime() {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 10_000_000) + Array(" # end".utf8)
        let (file, diagnostics) = SourceFile.decode(name: "big", bytes: bytes)
        #expect(diagnostics.isEmpty)
        var scanner = LineScanner(line: file.lines[0], file: "big")
        let first = scanner.next()
        #expect(first?.length == 10_000_000)
        let after = scanner.next()
        #expect(after == nil)
        #expect(scanner.comment?.text == "# end")
    }
}
