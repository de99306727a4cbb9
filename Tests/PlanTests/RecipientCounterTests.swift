import Foundation
import Plan
import Schedule
import Testing

struct RecipientCounterTests {
    @Test(arguments: [
        ("", 0),
        ("13800000001\n", 1),
        ("13800000001", 1),
        ("# test data, not real numbers\n13800000001\n\n   \n\t# indented comment\n13800000002\r\n \r\n13800000003", 3),
        ("+8613800000001 # a trailing note\n#13800000002\n", 1),
        ("\n\n\n", 0),
    ])
    func countsLinesThatAreNeitherBlankNorComments(contents: String, expected: Int) throws {
        let scratch = try Scratch()
        var counter = RecipientCounter()
        #expect(counter.count(atPath: try scratch.write("list.txt", contents)) == expected)
    }

    @Test func anUncountedCounterReadsNoFileAndKnowsNoCount() throws {
        let scratch = try Scratch()
        let path = try scratch.write("list.txt", "13800000001\n13800000002\n")
        var counter = RecipientCounter.uncounted
        #expect(counter.count(atPath: path) == nil)
        #expect(counter.tally(atPath: path) == nil)
        var counting = RecipientCounter()
        #expect(counting.count(atPath: path) == 2)
    }

    @Test func countsAcrossReadChunks() throws {
        let scratch = try Scratch()
        // Lines of uneven length so chunk boundaries fall everywhere, comments in between.
        let lines = (0..<50_000).map { $0 % 7 == 0 ? "# block \($0)" : "138" + String(repeating: "0", count: 8 - String($0).count) + "\($0)" }
        let path = try scratch.write("big.txt", lines.joined(separator: "\n") + "\n")
        var counter = RecipientCounter()
        #expect(counter.count(atPath: path) == lines.count { !$0.hasPrefix("#") })
    }

    @Test func malformedLinesAreCountedApartWithTheirFirstPositions() throws {
        let scratch = try Scratch()
        let bad = (1...8).map { "1380000000\($0)x" }
        let path = try scratch.write("list.txt", "13800000001\n" + bad.joined(separator: "\n") + "\n138 0000 0002\n")
        var counter = RecipientCounter()
        let counted = counter.tally(atPath: path)
        let tally = try #require(counted)
        #expect(tally.numbers == 2)
        #expect(tally.malformed == 8)
        #expect(tally.firstMalformed.map(\.line) == [2, 3, 4, 5, 6])
        #expect(tally.firstMalformed.allSatisfy { $0.column == 12 })
    }

    @Test func theCountryDecidesWhichNumbersAreValid() throws {
        let scratch = try Scratch()
        // An 8-digit Hong Kong number is too short for a mainland mobile.
        let path = try scratch.write("list.txt", "91234567\n+86 138 0000 0001\n")
        var counter = RecipientCounter()
        let mainland = counter.tally(atPath: path, country: .china)
        #expect(mainland == RecipientTally(numbers: 1, malformed: 1,
                                           firstMalformed: [MalformedLine(line: 1, column: 1, problem: .notMainlandMobile)]))
        let hongKong = counter.count(atPath: path, country: try #require(CallingCode("HK")))
        #expect(hongKong == 2)
    }

    @Test func unreadableListsAreUnknown() throws {
        let scratch = try Scratch()
        var counter = RecipientCounter()
        #expect(counter.count(atPath: scratch.directory + "/missing.txt") == nil)
        #expect(counter.count(atPath: scratch.directory) == nil)
    }

    @Test func eachFileIsReadOncePerCounter() throws {
        let scratch = try Scratch()
        let path = try scratch.write("list.txt", "13800000001\n13800000002\n")
        var counter = RecipientCounter()
        #expect(counter.count(atPath: path) == 2)
        _ = try scratch.write("list.txt", "13800000001\n")
        #expect(counter.count(atPath: path) == 2)
        var fresh = RecipientCounter()
        #expect(fresh.count(atPath: path) == 1)
    }
}
