import Foundation
import Testing
@testable import Outbox
@testable import OutboxSQLite

/// The daemon's way into its state folder: a new outbox only where there never
/// was one, and the folder's own outbox or a refusal that says what to do.
struct StateFolderTests {
    private func open(_ folder: TemporaryDirectory, now: Int64 = 100) throws -> (outbox: OutboxConnection, opening: StateFolder.Opening) {
        try StateFolder(directory: folder.path).open(now: now)
    }

    private func marker(_ folder: TemporaryDirectory) -> String? {
        FileManager.default.contents(atPath: folder.path + "/outbox.id").map { String(decoding: $0, as: UTF8.self) }
    }

    /// Opens the folder expecting a refusal; its text.
    private func refusal(_ folder: TemporaryDirectory) -> String {
        do {
            _ = try open(folder)
            return "(opened)"
        } catch {
            return "\(error)"
        }
    }

    @Test func aNewFolderGetsAnOutboxAndAMarkerThatAgreeAndReopeningMatches() throws {
        let folder = try TemporaryDirectory()
        let id: String
        do {
            let (outbox, opening) = try open(folder)
            guard case .created(let created) = opening else { Issue.record("\(opening)"); return }
            id = created
            #expect(try outbox.outboxID() == id)
            try outbox.enqueue([Sample.sms()], now: 0)
        }
        #expect(marker(folder) == id + "\n")
        #expect(!FileManager.default.fileExists(atPath: folder.outboxPath + ".new"))
        let (reopened, opening) = try open(folder)
        #expect(opening == .matched(id))
        #expect(try reopened.storedDeliveryCount() == 3)
    }

    @Test(arguments: [true, false])
    func aZeroByteOutboxIsRefusedWhetherOrNotTheFolderHasAMarker(hasMarker: Bool) throws {
        let folder = try TemporaryDirectory()
        do { _ = try open(folder) }
        if !hasMarker { try FileManager.default.removeItem(atPath: folder.path + "/outbox.id") }
        #expect(truncate(folder.outboxPath, 0) == 0)
        let text = refusal(folder)
        #expect(text.contains("\(folder.outboxPath): is empty (0 bytes)"), "\(text)")
        #expect(text.contains("Restore this state folder's outbox.sqlite from a backup"))
        #expect(text.contains("every broadcast of the schedule will be sent again"))
        #expect(try FileManager.default.attributesOfItem(atPath: folder.outboxPath)[.size] as? Int == 0, "left as it was")
        // A reader (broadcastctl status) does not turn it into an outbox the daemon would adopt.
        #expect(throws: DatabaseSetupError.self) { try OutboxConnection(stateDirectory: folder.path, create: false) }
        #expect(try FileManager.default.attributesOfItem(atPath: folder.outboxPath)[.size] as? Int == 0)
        #expect(refusal(folder).contains("is empty (0 bytes)"))
    }

    @Test func aMissingOutboxIsRefusedWhenTheMarkerSaysThereWasOne() throws {
        let folder = try TemporaryDirectory()
        do { _ = try open(folder) }
        try FileManager.default.removeItem(atPath: folder.outboxPath)
        let text = refusal(folder)
        #expect(text.contains("is missing, but outbox.id says this folder's outbox is"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: folder.outboxPath), "no new outbox made")
    }

    @Test func anOutboxFromAnotherStateFolderIsRefused() throws {
        let mine = try TemporaryDirectory(), other = try TemporaryDirectory()
        do { _ = try open(mine); _ = try open(other) }
        try FileManager.default.removeItem(atPath: mine.outboxPath)
        try FileManager.default.copyItem(atPath: other.outboxPath, toPath: mine.outboxPath)
        let text = refusal(mine)
        #expect(text.contains("comes from another state folder or campaign"), "\(text)")
    }

    @Test func anSQLiteDatabaseThatIsNotAnOutboxIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryDirectory()
        do { try Database(path: folder.outboxPath).execute("CREATE TABLE notes (t TEXT)") }
        let text = refusal(folder)
        #expect(text.contains("is an SQLite database but not a broadcastd outbox"), "\(text)")
        let database = try Database(path: folder.outboxPath, create: false)
        #expect(try database.userVersion == 0, "no outbox schema written into it")
        #expect(marker(folder) == nil)
    }

    @Test func anOutboxFromBeforeIdentitiesIsAdoptedOnceAndKeepsItsContents() throws {
        let folder = try TemporaryDirectory()
        do { try OutboxConnection(path: folder.outboxPath).enqueue([Sample.sms()], now: 0) }
        let (outbox, opening) = try open(folder)
        guard case .adopted(let id) = opening else { Issue.record("\(opening)"); return }
        #expect(try outbox.storedDeliveryCount() == 3)
        #expect(marker(folder) == id + "\n")
        #expect(try open(folder).opening == .matched(id))
    }

    @Test func aLostMarkerIsWrittenAgainFromTheOutbox() throws {
        let folder = try TemporaryDirectory()
        guard case .created(let id) = try open(folder).opening else { Issue.record("not created"); return }
        try FileManager.default.removeItem(atPath: folder.path + "/outbox.id")
        #expect(try open(folder).opening == .adopted(id))
        #expect(marker(folder) == id + "\n")
    }

    @Test func theOutboxItsJournalFilesAndTheMarkerArePrivate() throws {
        let folder = try TemporaryDirectory()
        let (outbox, _) = try open(folder)
        try outbox.enqueue([Sample.sms()], now: 0) // the -wal and -shm exist while it is open
        for name in ["outbox.sqlite", "outbox.sqlite-wal", "outbox.sqlite-shm", "outbox.id"] {
            let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func anOutboxDamagedInPageTwoIsRefusedWithTheRestoreHint() throws {
        let folder = try TemporaryDirectory()
        do {
            let (outbox, _) = try open(folder)
            try outbox.enqueue([Sample.sms()], now: 0)
            try outbox.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let handle = try #require(FileHandle(forWritingAtPath: folder.outboxPath))
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let text = refusal(folder)
        #expect(text.contains("on \(folder.outboxPath)"), "\(text)")
        #expect(text.contains("restore \(folder.outboxPath) from a backup"), "\(text)")
        #expect(text.contains(".recover"), "\(text)")
    }
}
