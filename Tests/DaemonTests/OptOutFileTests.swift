import CivilDate
import Daemon
import Foundation
import LineLanguage
import Outbox
@testable import OutboxSQLite
import Plan
import Schedule
import Testing

struct OptOutFileTests {
    private static let nowhere = SourceLocation(file: "t.schedule", line: 1, column: 1)

    private func document(_ name: String, optout path: String?, country: CallingCode = .china) -> ScheduleDocument {
        let campaign = Campaign(name: name, title: name, starts: LocalDate(year: 2021, month: 2, day: 9)!,
                                ends: LocalDate(year: 2021, month: 5, day: 8)!, timeZone: "Asia/Shanghai", country: country,
                                optOutList: path.map { OptOutList(path: $0, resolvedPath: $0, location: Self.nowhere) },
                                location: Self.nowhere)
        return ScheduleDocument(campaign: campaign, regions: [], messages: [], files: ["t.schedule"])
    }

    @Test func numbersInTheFileAreOptedOutInTheirNormalForm() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "# 退订\n138 0000 0001\n+86 138-0000-0002 # TD reply\nbad line\n13800000001\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        let results = try await OptOutFile.load([document("c", optout: file), document("plain", optout: nil)], into: outbox, now: 100)
        #expect(results == [OptOutFile.Result(path: file, numbers: 2, malformed: 1, added: 2, removed: 0)])
        #expect(try await outbox.optOut("+8613800000001") != nil)
        #expect(try await outbox.optOut("+8613800000002") != nil)
        #expect(try await outbox.optOut("13800000001") == nil)
        #expect(try await outbox.optOuts(limit: 1_000).map(\.source) == ["file:" + file, "file:" + file])
    }

    @Test func aReloadFollowsTheFileAndKeepsNumbersOptedOutOtherwise() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "13800000001\n13800000002\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        let campaigns = [document("c", optout: file)]
        _ = try await OptOutFile.load(campaigns, into: outbox, now: 100)
        _ = try await outbox.addOptOut("+8613800000009", source: "command", now: 150)
        _ = try folder.write("optout.txt", "13800000002\n13800000003\n")
        let results = try await OptOutFile.load(campaigns, into: outbox, now: 200)
        #expect(results.map(\.added) == [1])
        #expect(results.map(\.removed) == [1])
        #expect(try await outbox.optOut("+8613800000001") == nil)
        #expect(try await outbox.optOut("+8613800000002") != nil)
        #expect(try await outbox.optOut("+8613800000003") != nil)
        #expect(try await outbox.optOut("+8613800000009") != nil)
    }

    /// A file caught by a reload while an editor rewrites it never opts anyone back in.
    @Test(arguments: [
        ("", "the file is empty"),
        ("13800000003\n1380000", "its last line has no newline"),
    ])
    func aTruncatedOrHalfWrittenFileAddsButNeverRemoves(contents: String, why: String) async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "13800000001\n13800000002\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        let campaigns = [document("c", optout: file)]
        _ = try await OptOutFile.load(campaigns, into: outbox, now: 100)
        _ = try folder.write("optout.txt", contents)
        let result = try #require(try await OptOutFile.load(campaigns, into: outbox, now: 200).first)
        #expect(result.removed == 0)
        #expect(result.keptBecause?.contains(why) == true)
        #expect(try await outbox.optOut("+8613800000001") != nil)
        #expect(try await outbox.optOut("+8613800000002") != nil)
        #expect(try await (outbox.optOut("+8613800000003") != nil) == !contents.isEmpty)
        // Written out whole, the next reload applies the removals.
        _ = try folder.write("optout.txt", "13800000003\n")
        let whole = try #require(try await OptOutFile.load(campaigns, into: outbox, now: 300).first)
        #expect(whole.keptBecause == nil && whole.removed == 2)
        #expect(try await outbox.optOut("+8613800000001") == nil)
    }

    @Test func aFileClearedOnPurposeKeepsACommentAndEmptiesTheList() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "13800000001\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        let campaigns = [document("c", optout: file)]
        _ = try await OptOutFile.load(campaigns, into: outbox, now: 100)
        _ = try folder.write("optout.txt", "# nobody\n")
        #expect(try await OptOutFile.load(campaigns, into: outbox, now: 200).map(\.removed) == [1])
    }

    @Test func aFileThatChangesWhileItIsReadIsNoWholeRead() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "13800000001\n")
        let reader = try PhoneListReader(path: file)
        while try reader.next() != nil {}
        #expect(OptOutFile.incompleteRead(reader) == nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("13800000002\n".utf8))
        try handle.close()
        #expect(OptOutFile.incompleteRead(reader) == "the file was grown while it was read")
    }

    @Test func aFileSharedByCampaignsIsLoadedOnceWithTheFirstCampaignsCountry() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "9123 4567\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        let hongKong = try #require(CallingCode("HK"))
        let results = try await OptOutFile.load([document("hk", optout: file, country: hongKong), document("cn", optout: file)],
                                          into: outbox, now: 100)
        #expect(results.count == 1)
        #expect(try await outbox.optOut("+85291234567") != nil)
    }

    @Test func anUnreadableFileIsAnErrorAndLeavesItsEntriesAlone() async throws {
        let folder = try ListFolder()
        let file = try folder.write("optout.txt", "13800000001\n")
        let outbox = try SQLiteOutbox(connection: OutboxConnection(path: folder.path + "/outbox.sqlite"))
        _ = try await OptOutFile.load([document("c", optout: file)], into: outbox, now: 100)
        try FileManager.default.removeItem(atPath: file)
        await #expect(throws: OptOutFile.ReadError.self) { try await OptOutFile.load([document("c", optout: file)], into: outbox, now: 200) }
        #expect(try await outbox.optOut("+8613800000001") != nil)
    }
}
