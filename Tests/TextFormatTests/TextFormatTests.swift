import Foundation
import Testing
import TextFormat

struct TextFormatTests {
    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1_000, "1,000"), (45_188_635, "45,188,635"),
                      (-1_204_000, "-1,204,000"), (Int.min, "-9,223,372,036,854,775,808")])
    func digitsAreGroupedInThousands(value: Int, text: String) {
        #expect(value.groupedDigits == text)
    }

    @Test func groupingWorksForEveryIntegerWidth() {
        #expect(Int64(1_000_000).groupedDigits == "1,000,000")
        #expect(UInt8(255).groupedDigits == "255")
    }

    /// The cases where the two tables this one replaced disagreed: emoji, the
    /// ideographic space's neighbours and the supplementary ideographs.
    @Test(arguments: [("a", 1), ("南昌", 4), ("【江西公安】", 12), ("ＡＢ", 4), ("한글", 4), ("かな", 4),
                      ("😀", 2), ("𠀀", 2), ("〿", 1), ("é", 1), ("", 0)])
    func wideCharactersTakeTwoColumns(text: String, columns: Int) {
        #expect(text.displayWidth == columns)
    }
}

struct DurationTextTests {
    @Test(arguments: [("500ms", 500), ("10s", 10_000), ("5m", 300_000), ("2h", 7_200_000), ("1d", 86_400_000),
                      ("2w", 1_209_600_000), ("0s", 0)] as [(String, Int64)])
    func readsEveryUnit(text: String, milliseconds: Int64) {
        #expect(DurationText.milliseconds(text) == .success(milliseconds))
        #expect(milliseconds == 0 || DurationText.format(milliseconds: milliseconds) == text)
    }

    @Test func saysWhatIsWrong() {
        #expect(DurationText.milliseconds("s") == .failure(.notADuration))
        #expect(DurationText.milliseconds("90") == .failure(.noUnit(digits: "90")))
        #expect(DurationText.milliseconds("90 min") == .failure(.unknownUnit(" min", digitCount: 2)))
        #expect(DurationText.milliseconds("53w") == .failure(.longerThanAYear))
        #expect(DurationText.milliseconds("9999999999999s") == .failure(.longerThanAYear))
    }

    @Test func formatsTheShortestExactSpelling() {
        #expect(DurationText.format(milliseconds: 90_000) == "90s")
        #expect(DurationText.format(milliseconds: 1_500) == "1500ms")
        #expect(DurationText.format(milliseconds: 0) == "0ms")
    }
}

struct JSONStringTests {
    /// Whatever the text, Foundation's reader gets the same text back.
    @Test(arguments: ["", "plain", "【江西公安】反诈", "quote \" backslash \\ slash /", "tab\tnl\ncr\r bell\u{07} nul\u{0}",
                      "line\u{2028}para\u{2029}", "emoji 🙂", "\u{1F}"])
    func roundTripsThroughFoundation(text: String) throws {
        var out = ""
        JSONString.appendQuoted(text, to: &out)
        let read = try JSONSerialization.jsonObject(with: Data("[\(out)]".utf8)) as? [String]
        #expect(read == [text])
        #expect(!out.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test func chineseStaysReadable() {
        #expect(JSONString.escaped("南昌 \"96110\"") == #"南昌 \"96110\""#)
    }
}
