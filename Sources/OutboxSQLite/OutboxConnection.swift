import Outbox

/// The durable outbox: broadcasts with a cursor into their recipient lists, the
/// deliveries that are in flight, failed or waiting, every attempt, and the
/// controls and status `broadcastctl` reads. One instance per connection; the
/// daemon and `broadcastctl` each open their own and meet in SQLite's WAL.
///
/// Every method that changes more than one row does it in one transaction, so a
/// batch of a thousand outcomes costs one commit, and a crash keeps all or none.
package final class OutboxConnection {
    let database: Database

    /// The file name inside the configured `state` folder.
    package static let fileName = "outbox.sqlite"

    /// Opens (or with `create`, makes) the outbox and brings its schema up to date.
    /// Without `create` the file must already be an outbox: an empty file (an
    /// outbox truncated to zero bytes) or another SQLite database is refused, not
    /// given a fresh schema that the daemon would later take for a real, empty outbox.
    package convenience init(path: String, create: Bool = true) throws {
        // Checked before opening: setting up WAL writes a header into an empty file.
        if !create, StateFile.size(path) == 0 {
            throw DatabaseSetupError(path: path, problem: "is empty (0 bytes): it was truncated or replaced; "
                                     + "broadcastd refuses to start on it too: see docs/outbox.md, 'The state folder and its identity'")
        }
        let database = try Database(path: path, create: create)
        if !create, try database.userVersion == 0 {
            throw DatabaseSetupError(path: path, problem: "is empty or not a broadcastd outbox (it has no outbox schema); "
                                     + "broadcastd refuses to start on it too: see docs/outbox.md, 'The state folder and its identity'")
        }
        try self.init(database: database)
    }

    /// Wraps a connection opened and checked elsewhere (`StateFolder`) and
    /// brings its schema up to date.
    init(database: Database) throws {
        self.database = database
        try OutboxSchema.migrator.migrate(database)
    }

    package convenience init(stateDirectory: String, create: Bool = true) throws {
        try self.init(path: stateDirectory + "/" + OutboxConnection.fileName, create: create)
    }

    /// The schema version this program writes.
    package static var schemaVersion: Int { OutboxSchema.migrator.migrations.count }
}
