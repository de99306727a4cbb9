import CSQLite
import Testing
@testable import Outbox
@testable import OutboxSQLite

/// A failed SQLite call names the file and, for what an operator can act on, what to do.
struct SQLiteErrorHintTests {
    @Test(arguments: [
        (SQLITE_READONLY, "ReadOnlyPaths="),
        (SQLITE_IOERR | (3 << 8), "journalctl -k"),
        (SQLITE_FULL, "free space in the state folder"),
        (SQLITE_CORRUPT, "sqlite3 /var/lib/broadcastd/outbox.sqlite .recover"),
        (SQLITE_NOTADB, "restore /var/lib/broadcastd/outbox.sqlite from a backup"),
        (SQLITE_BUSY, "another process holds the outbox's lock"),
        (SQLITE_LOCKED, "fuser /var/lib/broadcastd/outbox.sqlite"),
        (SQLITE_CANTOPEN, "may read and write it"),
    ] as [(Int32, String)])
    func theDescriptionNamesTheFileAndWhatToDo(code: Int32, hint: String) {
        let error = SQLiteError(code: code, message: "m", sql: "PRAGMA journal_mode = WAL", path: "/var/lib/broadcastd/outbox.sqlite")
        #expect(error.description.hasPrefix("SQLite error \(code) on /var/lib/broadcastd/outbox.sqlite ("), "\(error)")
        #expect(error.description.contains(hint), "\(error)")
        #expect(error.description.hasSuffix(": m — in: PRAGMA journal_mode = WAL"))
    }

    @Test func anErrorFromAStatementKnowsItsFile() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        #expect {
            try database.execute("SELECT * FROM nowhere")
        } throws: { error in
            (error as? SQLiteError)?.path == folder.outboxPath
        }
    }
}
