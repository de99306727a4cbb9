import Outbox
import Foundation

/// The daemon's way into its state folder. A new outbox is made only where
/// there has never been one: neither `outbox.sqlite` nor the identity marker
/// `outbox.id` exists. Then the database gets a random id and the folder a
/// marker holding it, and every later start requires the two to agree. So an
/// outbox truncated to zero bytes, deleted, replaced by another folder's, or a
/// database that is not an outbox is refused with what to do, instead of being
/// taken for a new outbox that sends every broadcast again.
///
/// `broadcastctl` does not come through here: it opens an existing outbox
/// without creating it (`SQLiteOutbox(stateDirectory:access: .existing)`).
public struct StateFolder {
    public enum Opening: Hashable, Sendable {
        /// No outbox and no marker: a new outbox with this id.
        case created(String)
        /// An outbox from before identities, or one whose marker was lost: it keeps
        /// its contents, and the marker now names it.
        case adopted(String)
        /// The outbox this folder had.
        case matched(String)
    }

    public static let markerName = "outbox.id"
    /// Written by `broadcastctl outbox copy` once the outbox is in PostgreSQL:
    /// the daemon refuses the folder from then on, since it would send again
    /// what the daemons on PostgreSQL send.
    public static let movedName = "outbox.moved"

    public let directory: String
    public var outboxPath: String { directory + "/" + OutboxConnection.fileName }
    public var markerPath: String { directory + "/" + StateFolder.markerName }
    public var movedPath: String { directory + "/" + StateFolder.movedName }

    public init(directory: String) {
        self.directory = directory
    }

    /// Opens this folder's outbox for the daemon, creating it only where there
    /// never was one; checks the database's integrity and identity first.
    package func open(now: Int64) throws -> (outbox: OutboxConnection, opening: Opening) {
        if let moved = FileManager.default.contents(atPath: movedPath) {
            let place = String(decoding: moved, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StateFolderError(path: movedPath, problem: "says this outbox was copied to \(place): a daemon here would send "
                                       + "again what the daemons there send",
                                   remedy: "Point broadcastd.conf at it ('outbox \(place.split(separator: " ").first ?? "")'). "
                                       + "To run this folder's outbox again anyway, knowing that what was sent from there may "
                                       + "be sent again, delete \(movedPath).")
        }
        let marker = try readMarker()
        guard FileManager.default.fileExists(atPath: outboxPath) else {
            if let marker {
                throw refusal("is missing, but \(StateFolder.markerName) says this folder's outbox is \(marker): "
                              + "a new outbox would send every broadcast again")
            }
            return try create(now: now)
        }
        StateFile.makePrivate([outboxPath, outboxPath + "-wal", outboxPath + "-shm", markerPath])
        if StateFile.size(outboxPath) == 0 {
            throw refusal("is empty (0 bytes): it was truncated or replaced, and SQLite would take it for a new "
                          + "outbox that sends every broadcast again")
        }
        let database = try Database(path: outboxPath, create: false)
        try IntegrityCheck.run(on: database)
        guard try database.userVersion > 0 else {
            throw refusal("is an SQLite database but not a broadcastd outbox (it has no outbox schema)")
        }
        let outbox = try OutboxConnection(database: database)
        return (outbox, try reconcile(outbox, marker: marker, now: now))
    }

    /// Adopts an outbox without an id, restores a lost marker, and refuses an
    /// outbox whose id is not the folder's.
    private func reconcile(_ outbox: OutboxConnection, marker: String?, now: Int64) throws -> Opening {
        switch (try outbox.outboxID(), marker) {
        case (nil, nil):
            let id = StateFolder.newID()
            try outbox.database.transaction { try outbox.assignID(id, now: now) }
            try StateFile.writePrivate(id + "\n", to: markerPath)
            return .adopted(id)
        case (nil, let marker?):
            throw refusal("has no outbox id, but \(StateFolder.markerName) says this folder's outbox is \(marker): "
                          + "it is not the file this folder had")
        case (let id?, nil):
            try StateFile.writePrivate(id + "\n", to: markerPath)
            return .adopted(id)
        case (let id?, let marker?):
            guard id == marker else {
                throw refusal("is outbox \(id), but \(StateFolder.markerName) says this folder's outbox is \(marker): "
                              + "it comes from another state folder or campaign")
            }
            return .matched(id)
        }
    }

    /// Builds the new outbox under a temporary name and renames it into place
    /// once it has its schema and id, so a crash mid-way never leaves an empty
    /// `outbox.sqlite` that the next start would have to refuse. The marker comes
    /// after; a crash before it is the "marker lost" case, adopted at next start.
    private func create(now: Int64) throws -> (outbox: OutboxConnection, opening: Opening) {
        let building = outboxPath + ".new"
        for leftover in [building, building + "-wal", building + "-shm", building + "-journal"] { unlink(leftover) }
        try StateFile.createPrivate(building)
        let id = StateFolder.newID()
        do {
            let outbox = try OutboxConnection(database: Database(path: building, create: false))
            try outbox.database.transaction { try outbox.assignID(id, now: now) }
        } // closed here: SQLite checkpoints and removes the -wal before the rename
        guard rename(building, outboxPath) == 0 else { throw StateFolderError.system("cannot rename \(building) to", outboxPath) }
        try StateFile.writePrivate(id + "\n", to: markerPath)
        return (try OutboxConnection(database: Database(path: outboxPath, create: false)), .created(id))
    }

    /// Marks the folder's outbox as moved to `place` (written with when), after a copy committed.
    public func markMoved(to place: String, at time: String) throws {
        try StateFile.writePrivate("\(place) at \(time)\n", to: movedPath)
    }

    private func readMarker() throws -> String? {
        guard FileManager.default.fileExists(atPath: markerPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: markerPath) else {
            throw StateFolderError.system("cannot read", markerPath)
        }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty else {
            throw StateFolderError(path: markerPath, problem: "is empty; it should hold the id of this folder's outbox",
                                   remedy: "Restore it from a backup of this state folder, or delete it: the outbox then writes it again.")
        }
        return id
    }

    private func refusal(_ problem: String) -> StateFolderError {
        StateFolderError(path: outboxPath, problem: problem, remedy: StateFolderError.remedy(directory: directory))
    }

    static func newID() -> String { UUID().uuidString.lowercased() }
}
