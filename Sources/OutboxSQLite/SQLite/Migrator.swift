import Outbox

/// Numbered schema changes applied in order, each in its own transaction that
/// also stores its number in `PRAGMA user_version`. Reopening runs nothing new;
/// a file written by a newer program is refused rather than misread.
struct Migrator {
    struct Migration {
        var version: Int
        var name: String
        var apply: (Database) throws -> Void
    }

    private(set) var migrations: [Migration] = []

    init() {}

    /// Registers the next migration; versions must count up from 1 without gaps,
    /// so a mistake in the list is found on the first run of any test.
    mutating func register(_ version: Int, _ name: String, _ apply: @escaping (Database) throws -> Void) {
        precondition(version == migrations.count + 1, "migration \(version) '\(name)' registered out of order")
        migrations.append(Migration(version: version, name: name, apply: apply))
    }

    /// Applies every migration the file does not have yet; returns how many ran.
    @discardableResult
    func migrate(_ database: Database) throws -> Int {
        let current = try database.userVersion
        guard current <= migrations.count else {
            throw DatabaseSetupError(path: database.path, problem: "schema version \(current) is newer than this program knows (\(migrations.count)); upgrade broadcastd")
        }
        var applied = 0
        for migration in migrations where migration.version > current {
            try database.transaction {
                // Re-read under the write lock: another process may have migrated meanwhile.
                guard try database.userVersion < migration.version else { return }
                try migration.apply(database)
                try database.execute("PRAGMA user_version = \(migration.version)")
                applied += 1
            }
        }
        return applied
    }
}
