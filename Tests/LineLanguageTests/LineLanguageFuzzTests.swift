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

/// SplitMix64: a fixed seed gives the same inputs on every run and platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
