import LineLanguage
import Testing

struct SourceLocationTests {
    @Test func printsAsFileLineColumn() {
        #expect(SourceLocation(file: "campaign.schedule", line: 12, column: 5).description == "campaign.schedule:12:5")
    }
}
