import Foundation
import Plan
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

    @Test func countsAcrossReadChunks() throws {
        let scratch = try Scratch()
        // Lines of uneven length so chunk boundaries fall everywhere, comments in between.
        let lines = (0..<50_000).map { $0 % 7 == 0 ? "# block \($0)" : "1380000\($0)" }
        let path = try scratch.write("big.txt", lines.joined(separator: "\n") + "\n")
        var counter = RecipientCounter()
        #expect(counter.count(atPath: path) == lines.count { !$0.hasPrefix("#") })
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
