import DaemonConfig
import Foundation
import Outbox
import OutboxSQLite
import Testing
@testable import OutboxOpening

/// The opener picks the backend the location names and keeps each access's promise:
/// the daemon creates, a reader never does.
struct OutboxOpenerTests {
    let folder = NSTemporaryDirectory() + "outbox-opener-tests-" + UUID().uuidString

    @Test func aStateFolderOpensTheSQLiteBackendAndTheDaemonCreatesIt() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let opened = try await OutboxOpener.open(.sqlite(stateDirectory: folder), access: .daemon(now: 1_700_000_000))
        #expect(opened.backend is SQLiteOutbox)
        #expect(opened.place == folder + "/" + SQLiteOutbox.fileName)
        #expect(!opened.isShared, "a SQLite outbox is one daemon's")
        #expect(opened.notice?.message == "created a new outbox")

        let again = try await OutboxOpener.open(.sqlite(stateDirectory: folder), access: .existing)
        #expect(again.backend is SQLiteOutbox)
        #expect(again.notice == nil)
    }

    @Test func aReaderNeverCreatesAnOutbox() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        await #expect(throws: OutboxOpenError(place: folder + "/outbox.sqlite", reason: "has broadcastd run with this state folder?",
                                              missing: true)) {
            try await OutboxOpener.open(.sqlite(stateDirectory: folder), access: .existing)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + SQLiteOutbox.fileName))
    }
}
