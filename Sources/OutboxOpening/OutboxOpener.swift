import DaemonConfig
import Foundation
import Outbox
import OutboxPostgres
import OutboxSQLite

/// Who opens the outbox, which decides what opening may do. Each backend has
/// the same two (`SQLiteOutbox.Access`, `PostgresOutbox.Access`); this is the
/// one its callers name.
public enum OutboxAccess: Hashable, Sendable {
    /// The daemon: the outbox created where there never was one (or migrated),
    /// and checked to be this deployment's own.
    case daemon(now: Int64)
    /// `broadcastctl`: an outbox that exists, never created: a reader must not
    /// leave an empty outbox behind for a daemon pointed elsewhere.
    case existing
}

/// The one place that turns `outbox` in broadcastd.conf (or `--state DIR`) into
/// a backend: the daemon and every `broadcastctl` command open through here, so
/// they cannot disagree about which outbox a config names, and no caller names
/// a backend's type.
public enum OutboxOpener {
    public static func open(_ location: OutboxLocation, access: OutboxAccess) async throws(OutboxOpenError) -> OpenedOutbox {
        switch location {
        case .sqlite(let folder):
            return try openSQLite(stateDirectory: folder, access: access)
        case .postgresql(let postgres):
            return try await openPostgreSQL(postgres, access: access)
        }
    }

    /// The settings the backend connects with; the password revealed here only.
    static func settings(_ location: PostgreSQLLocation) -> PostgresOutboxConfiguration {
        let tls: PostgresOutboxConfiguration.TLS = switch location.tls {
        case .disable: .disable
        case .require: .require
        case .verifyFull: .verifyFull
        }
        return PostgresOutboxConfiguration(host: location.host, port: location.port, user: location.user,
                                           password: location.password?.revealed, database: location.databaseName, tls: tls)
    }

    private static func openPostgreSQL(_ location: PostgreSQLLocation, access: OutboxAccess) async throws(OutboxOpenError) -> OpenedOutbox {
        let place = location.description
        let settings = settings(location)
        // One connection first: the backend's pool retries a refused address, a wrong
        // password or a missing database without end, where an operator needs the reason.
        let probe = await PostgresOutbox.probe(settings)
        if let failure = probe.failure {
            throw OutboxOpenError(place: place, reason: "\(OutboxProbe.Problem(failure).title): \(probe.detail)")
        }
        if access == .existing && probe.schemaVersion == 0 {
            throw OutboxOpenError(place: place, reason: "broadcastd has not run on this database yet (it creates the outbox at its first start)",
                                  missing: true)
        }
        let backendAccess: PostgresOutbox.Access = switch access {
        case .daemon(let now): .daemon(now: now)
        case .existing: .existing
        }
        do {
            let outbox = try await PostgresOutbox.open(settings, access: backendAccess)
            let notice = outbox.generation.map {
                OpenedOutbox.Notice(message: "joined the shared outbox", metadata: ["outbox": place, "generation": "\($0)"])
            }
            return OpenedOutbox(backend: outbox, place: place, isShared: true, notice: notice)
        } catch {
            throw OutboxOpenError(place: place, reason: "\(error)")
        }
    }

    private static func openSQLite(stateDirectory folder: String, access: OutboxAccess) throws(OutboxOpenError) -> OpenedOutbox {
        let path = folder + "/" + SQLiteOutbox.fileName
        if access == .existing, !FileManager.default.fileExists(atPath: path) {
            throw OutboxOpenError(place: path, reason: "has broadcastd run with this state folder?", missing: true)
        }
        let outbox: SQLiteOutbox
        do {
            switch access {
            case .daemon(let now): outbox = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: now))
            case .existing: outbox = try SQLiteOutbox(stateDirectory: folder, access: .existing)
            }
        } catch {
            throw OutboxOpenError(place: path, reason: "\(error)")
        }
        let notice: OpenedOutbox.Notice? = switch outbox.opening {
        case .created(let id): .init(message: "created a new outbox", metadata: ["outbox": id, "state": folder])
        case .adopted(let id): .init(message: "outbox identity written to \(StateFolder.markerName)", metadata: ["outbox": id])
        case .matched, nil: nil
        }
        return OpenedOutbox(backend: outbox, place: outbox.path, isShared: false, notice: notice)
    }
}
