import Daemon
@testable import DispatchRules
import Foundation
import Outbox
@testable import OutboxSQLite
import Schedule
import Testing

/// A fresh folder for phone lists, removed when the test ends.
final class ListFolder {
    let path = NSTemporaryDirectory() + "recipient-tests-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ contents: String) throws -> String {
        let file = path + "/" + name
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

struct RecipientFileSourceTests {
    /// Every slice from the start, each read resuming at the token the last one gave.
    private func readAll(_ source: RecipientFileSource, _ path: String, limit: Int) throws -> (numbers: [String], reads: Int) {
        var numbers: [String] = []
        var token: Int64 = 0
        var reads = 0
        while true {
            let slice = try source.read(list: path, from: token, limit: limit)
            reads += 1
            #expect(slice.recipients.count <= limit)
            numbers += slice.recipients
            token = slice.next
            if slice.isEnd { return (numbers, reads) }
            #expect(reads < 1_000, "the reads never reach the end")
            if reads >= 1_000 { return (numbers, reads) }
        }
    }

    @Test(arguments: [(1, 1), (2, 3), (3, 1 << 16), (100, 5)])
    func sendsNormalisedNumbersOnceEachAndSkipsMalformedLines(limit: Int, chunkSize: Int) throws {
        let folder = try ListFolder()
        let path = try folder.write("list.txt", """
            # SYNTHETIC TEST DATA
            13800000001
            138 0000 0002
            138-0000-0003   # note
            not a number
            +86 138 0000 0004\r
            0086 13800000005

            1380000000
            13800000006
            """)
        let (numbers, _) = try readAll(RecipientFileSource(chunkSize: chunkSize), path, limit: limit)
        #expect(numbers == (1...6).map { "+861380000000\($0)" })
    }

    @Test func aListThatEndsInCommentsAndBadLinesEndsWithItsLastNumber() throws {
        let folder = try ListFolder()
        let contents = "13800000001\n13800000002\n# the end\nbad\n\n"
        let path = try folder.write("list.txt", contents)
        let slice = try RecipientFileSource().read(list: path, from: 0, limit: 2)
        #expect(slice == RecipientSlice(recipients: ["+8613800000001", "+8613800000002"], next: Int64(contents.utf8.count),
                                        isEnd: true, identity: slice.identity))
    }

    @Test func aFullSliceWithMoreToComeResumesAtTheNextNumber() throws {
        let folder = try ListFolder()
        let path = try folder.write("list.txt", "13800000001\nbad\n13800000002\n")
        let first = try RecipientFileSource().read(list: path, from: 0, limit: 1)
        #expect(first.recipients == ["+8613800000001"])
        #expect(!first.isEnd)
        let second = try RecipientFileSource().read(list: path, from: first.next, limit: 1)
        #expect(second == RecipientSlice(recipients: ["+8613800000002"], next: 28, isEnd: true, identity: first.identity))
    }

    @Test func eachSliceSaysWhichFileItCameFromSoAReplacedListIsNoticed() throws {
        let folder = try ListFolder()
        let path = try folder.write("list.txt", "13800000001\n13800000002\n")
        let first = try RecipientFileSource().read(list: path, from: 0, limit: 1)
        #expect(first.identity != nil)
        // `mv new.txt list.txt`: another file at the same path.
        let replacement = try folder.write("new.txt", "13900000001\n13900000002\n13900000003\n")
        #expect(rename(replacement, path) == 0)
        let second = try RecipientFileSource().read(list: path, from: first.next, limit: 1)
        #expect(second.identity != nil && second.identity != first.identity)
    }

    @Test func aFIFOIsRefusedAtOnceNotReadForever() throws {
        let folder = try ListFolder()
        let path = folder.path + "/fifo.txt"
        try #require(mkfifo(path, 0o600) == 0)
        #expect { try RecipientFileSource().read(list: path, from: 0, limit: 10) } throws: { error in
            "\(error)".contains("a phone list must be a regular file")
        }
    }

    @Test func theCampaignCountryAppliesToNumbersWithoutACallingCode() throws {
        let folder = try ListFolder()
        let path = try folder.write("list.txt", "9123 4567\n+86 13800000001\n")
        let hongKong = try #require(CallingCode("HK"))
        let slice = try RecipientFileSource(country: hongKong).read(list: path, from: 0, limit: 10)
        #expect(slice.recipients == ["+85291234567", "+8613800000001"])
    }

    @Test func aLongListIsReadInSlicesEachResumingWhereTheLastStopped() throws {
        let folder = try ListFolder()
        let count = 200_000
        var text = ""
        text.reserveCapacity(count * 12)
        for index in 0..<count { text += "139" + String(repeating: "0", count: 8 - String(index).count) + "\(index)\n" }
        let path = try folder.write("big.txt", text)
        let (numbers, reads) = try readAll(RecipientFileSource(), path, limit: 5_000)
        #expect(numbers.count == count)
        #expect(numbers.last == "+8613900199999")
        // The last full slice already sees the end: no empty read after it.
        #expect(reads == count / 5_000)
    }

    @Test func anUnreadableListNamesItsPath() throws {
        let folder = try ListFolder()
        let missing = folder.path + "/missing.txt"
        #expect(throws: RecipientListUnavailable.self) { try RecipientFileSource().read(list: missing, from: 0, limit: 1) }
    }
}
