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
