import DaemonConfig
import Foundation
import Outbox
import OutboxPostgres
import OutboxSQLite

/// What `broadcastctl check --config --connect` found when it tried the configured
/// outbox, said so that an operator knows which of the usual causes it is.
public struct OutboxProbe: Hashable, Sendable {
    /// Why the outbox could not be used, by the cause an operator fixes.
    public enum Problem: String, Hashable, Sendable {
        /// Nothing listens at the address (connection refused), or the host is unknown.
        case refused
        /// No answer within the time allowed (a firewall, a partition, a wrong address).
        case timedOut
        /// The server refused the user or the password.
        case authentication
        /// The server runs, but has no database of that name.
        case databaseMissing
        /// The TLS handshake or the certificate check failed.
        case tls
        /// The user may not read or create the outbox's tables.
        case permission
        /// The state folder is missing or unusable.
        case folder
        /// Anything else: the reason says what.
        case other

        /// The words that start the report line.
        public var title: String {
            switch self {
            case .refused: "connection refused"
            case .timedOut: "no answer"
            case .authentication: "authentication failed"
            case .databaseMissing: "database missing"
            case .tls: "TLS failed"
            case .permission: "permission denied"
            case .folder: "state folder unusable"
            case .other: "cannot open"
            }
        }
    }

    /// The SQLite file, or the PostgreSQL URL without its password.
    public var place: String
    /// nil when the outbox can be used (or created by the daemon at its first start).
    public var problem: Problem?
    /// One line: what was found, or the reason and what to do about it.
    public var detail: String

    public var succeeded: Bool { problem == nil }

    public init(place: String, problem: Problem? = nil, detail: String) {
        self.place = place
        self.problem = problem
        self.detail = detail
    }
}

extension OutboxOpener {
    /// Tries the outbox the way a reader opens it, creating and changing nothing:
    /// an outbox that does not exist yet is fine (the daemon creates it), one
    /// that cannot be reached, entered or read is not.
    public static func probe(_ location: OutboxLocation) async -> OutboxProbe {
        switch location {
        case .sqlite(let folder):
            return probeSQLite(stateDirectory: folder)
        case .postgresql(let postgres):
            let probe = await PostgresOutbox.probe(settings(postgres))
            return OutboxProbe(place: postgres.description, problem: probe.failure.map(OutboxProbe.Problem.init), detail: probe.detail)
        }
    }

    private static func probeSQLite(stateDirectory folder: String) -> OutboxProbe {
        let path = folder + "/" + SQLiteOutbox.fileName
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return OutboxProbe(place: path, problem: .folder,
                               detail: "the state folder \(folder) does not exist; create it, owned by the daemon's user")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return OutboxProbe(place: path, detail: "no outbox yet; broadcastd creates it at its first start")
        }
        do {
            _ = try SQLiteOutbox(stateDirectory: folder, access: .existing)
            return OutboxProbe(place: path, detail: "the outbox opens")
        } catch {
            return OutboxProbe(place: path, problem: .other, detail: "\(error)")
        }
    }
}

extension OutboxProbe.Problem {
    init(_ failure: PostgresProbe.Failure) {
        self = switch failure {
        case .refused: .refused
        case .timedOut: .timedOut
        case .authentication: .authentication
        case .databaseMissing: .databaseMissing
        case .tls: .tls
        case .permission: .permission
        case .other: .other
        }
    }
}
