import LineLanguage
import Testing

struct SuggestionTests {
    @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("春风", "春风行动", 2), ("same", "same", 0)])
    func editDistanceCountsEdits(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(a, b) == distance)
        #expect(Suggestion.editDistance(b, a) == distance)
    }

    @Test(arguments: [
        ("weekly-tp", "weekly-tip"), ("jiangxi/nanchan", "jiangxi/nanchang"), ("mesage", "message"), ("MONDAY", "monday"),
    ])
    func suggestsANearName(word: String, expected: String) {
        let candidates = ["launch", "weekly-tip", "jiangxi/nanchang", "message", "monday", "region"]
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test func staysQuietWhenNothingIsClose() {
        #expect(Suggestion.didYouMean("zzz", among: ["launch", "weekly-tip"]) == nil)
        #expect(Suggestion.didYouMean(String(repeating: "a", count: 100_000), among: ["a"]) == nil)
        #expect(Suggestion.didYouMean("lanch", among: ["launch"]) == "did you mean 'launch'?")
    }
}
