import LineLanguage
import Testing

/// Random and mutated lines through decoding, scanning and rendering: whatever
/// the bytes, every step ends and every location points inside its line.
struct LineLanguageFuzzTests {
    @Test func randomAndMutatedInputsNeverEscapeTheirLines() {
        var random = SeededGenerator(seed: 0x5EED_2021)
        let seed = Array("    sms     \"春风\"行动, 接到{hotline} # 注释\n  to a/*, b/** except c\n".utf8)
        for round in 0..<400 {
            var bytes = seed
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                for _ in 0..<Int.random(in: 1...12, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = [UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0xE6, 0x20, 0xFF]
                        .randomElement(using: &random)!
                }
            }
            let (file, diagnostics) = SourceFile.decode(name: "fuzz", bytes: bytes)
            for diagnostic in diagnostics {
                #expect(file.line(diagnostic.location.line) != nil)
                #expect(diagnostic.rendered(in: file).hasPrefix("fuzz:"))
            }
            for line in file.lines {
                var scanner = LineScanner(line: line, file: "fuzz")
                var count = 0
                while let token = scanner.next() {
                    count += 1
                    #expect(token.location.column >= 1 && token.endLocation.column <= line.scalars.count + 1)
                }
                #expect(count <= line.scalars.count)
            }
        }
    }
}
