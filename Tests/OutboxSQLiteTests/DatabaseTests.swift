import CSQLite
import Foundation
import Testing
@testable import Outbox
@testable import OutboxSQLite

struct DatabaseTests {
    @Test func opensInWALWithTheSettingsTheOutboxNeeds() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        #expect(try database.prepare("PRAGMA journal_mode").firstRow { $0.text(0) } == "wal")
        #expect(try database.prepare("PRAGMA synchronous").firstRow { $0.int64(0) } == 1) // NORMAL
        #expect(try database.prepare("PRAGMA foreign_keys").firstRow { $0.int64(0) } == 1)
        #expect(try database.prepare("PRAGMA journal_size_limit").firstRow { $0.int(0) } == Database.walSizeLimitBytes)
    }

    /// With statistics on, every allocation of every connection takes one process-wide mutex (Database.processSetup).
    @Test func sqliteKeepsNoMemoryStatistics() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE t (i INTEGER)")
        #expect(sqlite3_memory_used() == 0)
    }

    @Test func refusesAConnectionThatCannotUseWAL() {
        // An in-memory database answers "memory" to journal_mode=WAL, like a file
        // system without shared memory would keep "delete".
        #expect {
            _ = try Database(path: ":memory:")
        } throws: { error in
            (error as? DatabaseSetupError)?.description.contains("not WAL") == true
        }
    }

    @Test func aReaderDoesNotCreateAMissingOutbox() throws {
        let folder = try TemporaryDirectory()
        let error = try #require(throws: SQLiteError.self) {
            _ = try OutboxConnection(stateDirectory: folder.path, create: false)
        }
        #expect(error.description.contains(folder.outboxPath))
        #expect(!FileManager.default.fileExists(atPath: folder.outboxPath))
    }

    @Test func bindsAndReadsBackEveryType() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE t (i INTEGER, s TEXT, d REAL, n TEXT, b BLOB, e BLOB)")
        let blob: [UInt8] = [0, 1, 254, 255]
        try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
            .bind(Int64.max, "春风 ✓", 2.5, String?.none, blob, [UInt8]()).run()
        let row = try database.prepare("SELECT i, s, d, n, b, e, typeof(e) FROM t").firstRow { row in
            (row.int64(0), row.text(1), row.double(2), row.optionalText(3), row.blob(4), row.blob(5), row.text(6))
        }
        let read = try #require(row)
        #expect(read.0 == Int64.max)
        #expect(read.1 == "春风 ✓")
        #expect(read.2 == 2.5)
        #expect(read.3 == nil)
        #expect(read.4 == blob)
        #expect(read.5 == [])
        #expect(read.6 == "blob") // an empty blob is a blob, not NULL
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        struct Abort: Error {}
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE t (i INTEGER)")
        #expect(throws: Abort.self) {
            try database.transaction {
                try database.prepare("INSERT INTO t VALUES (1)").run()
                throw Abort()
            }
        }
        #expect(try database.prepare("SELECT count(*) FROM t").firstRow { $0.int64(0) } == 0)
        #expect(database.isAutocommit)
    }

    @Test func anInnerTransactionJoinsTheOuterOne() throws {
        struct Abort: Error {}
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE t (i INTEGER)")
        #expect(throws: Abort.self) {
            try database.transaction {
                try database.transaction { try database.prepare("INSERT INTO t VALUES (1)").run() }
                #expect(!database.isAutocommit)
                throw Abort()
            }
        }
        #expect(try database.prepare("SELECT count(*) FROM t").firstRow { $0.int64(0) } == 0)
    }

    @Test func errorsNameTheSQLButNeverABoundValue() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE people (phone TEXT UNIQUE CHECK (length(phone) < 20))")
        let phone = "+8613812345678"
        try database.prepare("INSERT INTO people VALUES (?)").bind(phone).run()
        for value in [phone, phone + "0000000000"] {
            let error = try #require(throws: SQLiteError.self) {
                try database.prepare("INSERT INTO people VALUES (?)").bind(value).run()
            }
            #expect(error.isConstraint)
            #expect(error.description.contains("INSERT INTO people VALUES (?)"))
            #expect(!error.description.contains("13812345678"))
        }
    }

    @Test func aFullDiskIsAClearError() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        try database.execute("CREATE TABLE t (b BLOB)")
        try database.execute("PRAGMA max_page_count = 20")
        let error = try #require(throws: SQLiteError.self) {
            try database.transaction {
                for _ in 0..<100 { try database.cached("INSERT INTO t VALUES (?)").bind([UInt8](repeating: 7, count: 4096)).run() }
            }
        }
        #expect(error.isDiskFull)
        #expect(error.description.contains("disk full"))
        #expect(database.isAutocommit)
    }

    @Test func cachedStatementsAreReused() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        #expect(try database.cached("SELECT 1") === database.cached("SELECT 1"))
        #expect(try database.cached("SELECT 1") !== database.prepare("SELECT 1"))
    }

    @Test func aReadSeesOneSnapshotAndDoesNotBlockTheWriter() throws {
        let folder = try TemporaryDirectory()
        let reader = try Database(path: folder.outboxPath)
        let writer = try Database(path: folder.outboxPath, busyTimeoutMilliseconds: 50)
        try writer.execute("CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1)")
        let counts = try reader.read {
            let before = try reader.prepare("SELECT count(*) FROM t").firstRow { $0.int64(0) }
            try writer.transaction { try writer.prepare("INSERT INTO t VALUES (2)").run() }
            let after = try reader.prepare("SELECT count(*) FROM t").firstRow { $0.int64(0) }
            return (before, after)
        }
        #expect(counts.0 == 1 && counts.1 == 1)
        #expect(try reader.prepare("SELECT count(*) FROM t").firstRow { $0.int64(0) } == 2)
    }

    @Test func aBusyWriterWaitsBoundedlyThenFails() throws {
        let folder = try TemporaryDirectory()
        let holder = try Database(path: folder.outboxPath)
        let waiter = try Database(path: folder.outboxPath, busyTimeoutMilliseconds: 50)
        try holder.execute("CREATE TABLE t (i INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        let error = try #require(throws: SQLiteError.self) {
            try waiter.transaction { }
        }
        #expect(error.isBusy)
        try holder.execute("COMMIT")
        try waiter.transaction { }
    }
}
