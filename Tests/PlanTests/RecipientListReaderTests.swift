import Foundation
import Plan
import Schedule
import Testing

struct RecipientListReaderTests {
    private func entries(_ reader: PhoneListReader) throws -> [PhoneListEntry] {
        var all: [PhoneListEntry] = []
        while let entry = try reader.next() { all.append(entry) }
        return all
    }

    private func number(_ text: String) throws -> PhoneListEntry {
        .number(try PhoneNumber.parse(Array(text.utf8)).get())
    }

    @Test(arguments: [1, 3, 7, 1 << 16])
    func yieldsNumbersAndMalformedLinesInOrderWithTheirPositions(chunkSize: Int) throws {
        let scratch = try Scratch()
        let path = try scratch.write("list.txt", """
            \u{FEFF}# SYNTHETIC TEST DATA
            13800000001
              138 0000 0002   # a trailing note
            \t
            +86 138-0000-0003\r
                138x0000004
            0086 138 0000 0005
            #13800000006
            1380000000
            13800000007
            """)
        let reader = try PhoneListReader(path: path, chunkSize: chunkSize)
        #expect(try entries(reader) == [
            try number("13800000001"), try number("13800000002"), try number("13800000003"),
            .malformed(MalformedLine(line: 6, column: 8, problem: .unexpectedCharacter(column: 4))),
            try number("13800000005"),
            .malformed(MalformedLine(line: 9, column: 1, problem: .notMainlandMobile)),
            try number("13800000007"),
        ])
        #expect(reader.line == 10)
        #expect(reader.offset == Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))
    }

    @Test(arguments: [2, 5, 64])
    func aReadResumedAtAnyOffsetContinuesWithTheNextLine(chunkSize: Int) throws {
        let scratch = try Scratch()
        let numbers = (10...40).map { "1390000\($0)00" }
        let path = try scratch.write("list.txt", numbers.enumerated().map { $0 % 4 == 0 ? "# c\n\($1)" : $1 }
            .joined(separator: "\n"))
        var resumedAt: [Int64] = []
        var collected: [String] = []
        var offset: Int64 = 0
        // One number per reader, each starting where the last one stopped.
        while true {
            let reader = try PhoneListReader(path: path, from: offset, chunkSize: chunkSize)
            guard case .number(let phone)? = try reader.next() else { break }
            collected.append(phone.e164)
            offset = reader.offset
            resumedAt.append(offset)
        }
        #expect(collected == numbers.map { "+86" + $0 })
        #expect(resumedAt == resumedAt.sorted())
    }

    @Test(arguments: [16, 1 << 16])
    func anOverlongLineIsOneMalformedLineAndTheNextIsReadAsUsual(chunkSize: Int) throws {
        let scratch = try Scratch()
        let long = String(repeating: "1", count: 300_000)
        let contents = "13800000001\n" + long + "\n13800000002\n" + long
        let path = try scratch.write("list.txt", contents)
        let reader = try PhoneListReader(path: path, chunkSize: chunkSize)
        #expect(try entries(reader) == [
            try number("13800000001"),
            .malformed(MalformedLine(line: 2, column: 1, problem: .tooLong)),
            try number("13800000002"),
            .malformed(MalformedLine(line: 4, column: 1, problem: .tooLong)),
        ])
        #expect(reader.offset == Int64(contents.utf8.count))
        let resumed = try PhoneListReader(path: path, from: 12, line: 2, chunkSize: chunkSize)
        _ = try resumed.next()
        #expect(try resumed.next() == number("13800000002"))
    }

    @Test func aResumedReadNumbersLinesFromTheLineGiven() throws {
        let scratch = try Scratch()
        let path = try scratch.write("list.txt", "13800000001\nbad\n")
        let reader = try PhoneListReader(path: path, from: 12, line: 2)
        #expect(try reader.next() == .malformed(MalformedLine(line: 2, column: 1, problem: .unexpectedCharacter(column: 1))))
    }

    @Test func anUnreadableListIsAnErrorNamingItsPath() throws {
        let scratch = try Scratch()
        let missing = scratch.directory + "/missing.txt"
        #expect(throws: PhoneListError(path: missing)) { try PhoneListReader(path: missing) }
    }
}
