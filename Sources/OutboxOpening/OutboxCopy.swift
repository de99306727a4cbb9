import DaemonConfig
import Foundation
import Outbox
import OutboxPostgres
import OutboxSQLite

/// `broadcastctl outbox copy`: a single machine's SQLite outbox moved into a
/// PostgreSQL database with its daemon stopped. The two backends meet here
/// through `OutboxCopyTable`'s rows and neither sees the other's SQL.
///
/// In order: the state folder's lock (the daemon's own, so a running daemon
/// is refused), the SQLite outbox opened as broadcastctl opens it (migrated to
/// this version), its rows counted, its leases released (what the daemon does
/// at its next start: their owner is gone, and a lease copied as held would
/// wait out its time with no one to send it), PostgreSQL migrated, then every
/// table copied in one transaction that commits only when each table's count
/// there equals the count here. Then the folder is marked moved
/// (`StateFolder.movedName`), and a daemon started on it again is refused.
public enum OutboxCopy {
    /// One table's rows on each side; nil where the table is one backend's own.
    public struct TableCount: Hashable, Sendable {
        public var table: String
        public var source: Int?
        public var target: Int?
        /// Why a table is not copied; nil for a copied one.
        public var notCopied: String?

        public var matches: Bool { notCopied != nil || source == target }
    }

    public struct Report: Hashable, Sendable {
        public var source: String
        public var target: String
        public var tables: [TableCount]
        /// Leases the stopped daemon held, released in the source before the copy.
        public var releasedLeases: Int
        public var dryRun: Bool
        /// The file that now keeps a daemon off the source folder (`StateFolder.movedName`).
        public var movedMarker: String?
        public var warning: String?
    }

    /// Tables one backend has and the other has not, and why they are not carried.
    public static let notCopied: [(table: String, why: String)] = [
        ("daemon", "SQLite's record of its one daemon: each PostgreSQL instance registers itself"),
        ("identity", "SQLite's file identity (outbox.id): a PostgreSQL outbox is its database"),
        ("cap_scopes", "SQLite's names of cap_counts' (campaign, channel): written into cap_counts"),
        ("instances", "PostgreSQL's daemons: filled as they start"),
        ("rate_buckets", "PostgreSQL's shared gateway rates: filled as they send"),
    ]

    /// Rows per page read from SQLite and written to PostgreSQL.
    static let pageSize = 10_000

    public static func run(stateDirectory folder: String, to location: PostgreSQLLocation,
                           dryRun: Bool = false) async throws(OutboxCopyError) -> Report {
        let path = folder + "/" + SQLiteOutbox.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw OutboxCopyError("no outbox at \(path): has broadcastd run with this state folder?")
        }
        let lock: StateFolderLock
        do {
            lock = try StateFolderLock(directory: folder)
        } catch {
            throw OutboxCopyError(error.isHeld ? "broadcastd is running on \(folder); stop it first: systemctl stop broadcastd"
                                               : error.description)
        }
        defer { lock.release() }
        do {
            let source = try SQLiteOutbox(stateDirectory: folder, access: .existing)
            var counts: [String: Int] = [:]
            for table in OutboxCopyTable.all { counts[table.name] = try await source.copyCount(table) }
            var report = Report(source: path, target: location.description, tables: tableCounts(source: counts, target: nil),
                                releasedLeases: 0, dryRun: dryRun)
            guard !dryRun else { return report }
            report.releasedLeases = try await source.releaseExpiredLeases(now: .max)
            let target = try await openTarget(location)
            do {
                report.tables = tableCounts(source: counts, target: try await copyAll(from: source, into: target, expecting: counts))
            } catch let mismatch as CountMismatch {
                report.tables = tableCounts(source: counts, target: mismatch.found)
                throw OutboxCopyError("the counts differ (see the table); the copy was rolled back and "
                                      + "\(location) holds nothing of it", report: report)
            }
            // The copy is committed: a marker that cannot be written is a warning, not a failed copy.
            do {
                try StateFolder(directory: folder).markMoved(to: location.description, at: Date().formatted(.iso8601))
                report.movedMarker = StateFolder(directory: folder).movedPath
            } catch {
                report.warning = "could not mark the folder as moved (\(error)): do not start broadcastd on \(folder) again"
            }
            return report
        } catch let error as OutboxCopyError {
            throw error
        } catch {
            throw OutboxCopyError("\(error)")
        }
    }

    /// Every table, page by page, in the target's one transaction, committed only
    /// when each table's count there is `counts`'; the counts found there.
    private static func copyAll(from source: SQLiteOutbox, into target: PostgresOutbox,
                                expecting counts: [String: Int]) async throws -> [String: Int] {
        var found: [String: Int] = [:]
        try await target.fill({ writer in
            for table in OutboxCopyTable.all {
                var after: [OutboxCopyValue]?
                repeat {
                    let page = try await source.copyPage(table, after: after, limit: pageSize)
                    try await writer.write(table, rows: page.rows)
                    after = page.next
                } while after != nil
            }
        }, verify: { counted in
            found = counted
            if OutboxCopyTable.all.contains(where: { counted[$0.name] != counts[$0.name] }) { throw CountMismatch(found: counted) }
        })
        return found
    }

    /// The target, migrated to this version's schema, with the opener's reasons when it cannot be reached.
    private static func openTarget(_ location: PostgreSQLLocation) async throws -> PostgresOutbox {
        let settings = OutboxOpener.settings(location)
        let probe = await PostgresOutbox.probe(settings)
        if let failure = probe.failure {
            throw OutboxCopyError("cannot open the outbox at \(location): \(OutboxProbe.Problem(failure).title): \(probe.detail)")
        }
        return try await PostgresOutbox.open(settings, access: .filling)
    }

    private static func tableCounts(source: [String: Int], target: [String: Int]?) -> [TableCount] {
        OutboxCopyTable.all.map { TableCount(table: $0.name, source: source[$0.name], target: target?[$0.name]) }
            + notCopied.map { TableCount(table: $0.table, notCopied: $0.why) }
    }

    private struct CountMismatch: Error {
        var found: [String: Int]
    }
}

/// Why the copy did not happen (or was rolled back): said without a password.
public struct OutboxCopyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    /// The counts, when the copy ran and its verification failed.
    public var report: OutboxCopy.Report?

    init(_ description: String, report: OutboxCopy.Report? = nil) {
        self.description = description
        self.report = report
    }
}
