import Testing
@testable import Outbox
@testable import OutboxSQLite

struct MigrationTests {
    @Test func reopeningRunsNoMigrationTwice() throws {
        let folder = try TemporaryDirectory()
        do {
            let outbox = try OutboxConnection(path: folder.outboxPath)
            #expect(try outbox.database.userVersion == OutboxConnection.schemaVersion)
            try outbox.enqueue([Sample.sms()], now: 0)
        }
        let reopened = try OutboxConnection(path: folder.outboxPath)
        #expect(try OutboxSchema.migrator.migrate(reopened.database) == 0)
        #expect(try reopened.database.userVersion == OutboxConnection.schemaVersion)
        #expect(try reopened.storedDeliveryCount() == 3)
    }

    @Test func appliesOnlyTheMigrationsAFileLacks() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        var first = Migrator()
        first.register(1, "one") { try $0.execute("CREATE TABLE one (i INTEGER)") }
        #expect(try first.migrate(database) == 1)
        var both = first
        both.register(2, "two") { try $0.execute("CREATE TABLE two (i INTEGER)") }
        #expect(try both.migrate(database) == 1)
        #expect(try database.userVersion == 2)
    }

    @Test func aFailedMigrationLeavesTheVersionAsItWas() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(path: folder.outboxPath)
        var migrator = Migrator()
        migrator.register(1, "broken") { try $0.execute("CREATE TABLE ok (i INTEGER); CREATE TABLE ok (i INTEGER)") }
        #expect(throws: SQLiteError.self) { try migrator.migrate(database) }
        #expect(try database.userVersion == 0)
        #expect(try database.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok'").firstRow { $0.int64(0) } == 0)
    }

    @Test func refusesAFileFromANewerProgram() throws {
        let folder = try TemporaryDirectory()
        do {
            let database = try Database(path: folder.outboxPath)
            try database.execute("PRAGMA user_version = \(OutboxConnection.schemaVersion + 1)")
        }
        #expect {
            _ = try OutboxConnection(path: folder.outboxPath)
        } throws: { error in
            (error as? DatabaseSetupError)?.description.contains("newer") == true
        }
    }

    /// Migration 10 rebuilds `pauses` with a region and a range: a pause made
    /// before it is kept and still holds its message everywhere.
    @Test func aPauseMadeBeforeMigrationTenStillHolds() throws {
        let folder = try TemporaryDirectory()
        do {
            let database = try Database(path: folder.outboxPath)
            var nine = Migrator()
            for (version, sql) in [OutboxSchema.version1, OutboxSchema.version2, OutboxSchema.version3, OutboxSchema.frequencyCaps,
                                   OutboxSchema.reaches, OutboxSchema.holds, OutboxSchema.listIdentity, OutboxSchema.identity,
                                   OutboxSchema.receipts].enumerated() {
                nine.register(version + 1, "up to nine") { try $0.execute(sql) }
            }
            #expect(try nine.migrate(database) == 9)
            try database.execute("INSERT INTO pauses (campaign, message, paused_at) VALUES ('chunfeng', 'launch', 5)")
        }
        let outbox = try OutboxConnection(path: folder.outboxPath)
        #expect(try outbox.pauses() == [Pause(campaign: "chunfeng", message: "launch")])
        try outbox.enqueue([Sample.sms()], now: 0)
        #expect(try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 30).isEmpty)
        #expect(try outbox.resume(campaign: "chunfeng", message: "launch"))
        #expect(try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 30).count == 3)
    }

    /// The sends-per-quarter-hour migration counts the log already in the file,
    /// so an upgraded daemon's status page charts today's earlier sends.
    @Test func theSendsPerSlotMigrationCountsTheLogAlreadyThere() throws {
        let folder = try TemporaryDirectory()
        let all = OutboxSchema.migrator.migrations
        let slots = try #require(all.firstIndex { $0.name.hasPrefix("sends per quarter hour") })
        do {
            let database = try Database(path: folder.outboxPath)
            var before = Migrator()
            for migration in all[..<slots] { before.register(migration.version, migration.name, migration.apply) }
            try before.migrate(database)
            // delivered and retrying in 900..<1800, delivered at 1900; a skip and a cancel count nothing.
            for (at, outcome) in [(1_000, 4), (1_100, 2), (1_900, 4), (1_900, 6), (1_200, 5)] {
                try database.execute("INSERT INTO attempts (broadcast_id, recipient, at, outcome) VALUES (1, '+8613900000001', \(at), \(outcome))")
            }
        }
        let outbox = try OutboxConnection(path: folder.outboxPath)
        #expect(try outbox.sendsBySlot(from: 0, to: 3_600) == [SendSlot(start: 900, delivered: 1, failed: 1),
                                                             SendSlot(start: 1_800, delivered: 1, failed: 0)])
    }
}
