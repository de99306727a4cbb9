import Foundation
import Outbox
import OutboxPostgres
import OutboxSQLite
import OutboxTestSupport
import Testing

/// The backends the conformance suite runs against. A backend adds itself to
/// `all` (the PostgreSQL backend of issue 14 will) and must pass every test
/// here unchanged: the suite speaks only the seam's protocols.
enum OutboxBackends {
    /// `OUTBOX_BACKEND=sqlite` (or `postgresql`) runs the suite against one of them only.
    static let all: [BackendFactory] = {
        let every: [BackendFactory] = [.sqlite, .postgres]
        guard let only = ProcessInfo.processInfo.environment["OUTBOX_BACKEND"] else { return every }
        return every.filter { $0.name.lowercased() == only.lowercased() }
    }()
}

/// Makes a fresh, empty outbox of one backend for one test.
struct BackendFactory: Sendable, CustomTestStringConvertible {
    var name: String
    /// Opens the daemon's outbox in `folder`, creating it the first time (`folder`
    /// is a fresh temporary folder the test removes afterwards). Opening again
    /// after the last reference to the previous one is gone is how the suite
    /// restarts a daemon that crashed: closed without releasing or recording anything.
    var make: @Sendable (_ folder: String) async throws -> any OutboxBackend
    /// Opens the outbox a daemon made in `folder` the way `broadcastctl` does,
    /// beside the daemon's: another process's view of the same outbox.
    var attach: @Sendable (_ folder: String) async throws -> any OutboxBackend

    var testDescription: String { name }

    static let sqlite = BackendFactory(
        name: "SQLite",
        make: { try SQLiteOutbox(stateDirectory: $0, access: .daemon(now: 0)) },
        attach: { try SQLiteOutbox(stateDirectory: $0, access: .existing) })

    /// A database per folder on the test process's PostgreSQL (`PostgresTestServer`):
    /// `make` creates it the first time and opens it as a daemon does, so
    /// making it again on the same folder is a restart after a crash.
    static let postgres = BackendFactory(
        name: "PostgreSQL",
        make: { try await PostgresOutbox.open(try database(for: $0), access: .daemon(now: 0)) },
        attach: { try await PostgresOutbox.open(try database(for: $0), access: .existing) })

    private static func database(for folder: String) throws -> PostgresOutboxConfiguration {
        try PostgresTestServer.shared().configuration(database: (folder as NSString).lastPathComponent)
    }
}

/// One backend's fresh outbox and the folder it lives in, removed when the value goes away.
final class Subject: Sendable {
    let folder: String
    let outbox: any OutboxBackend

    init(_ factory: BackendFactory) async throws {
        folder = try Self.makeFolder()
        outbox = try await factory.make(folder)
    }

    /// A fresh folder for a test that opens and drops outboxes itself (crashes).
    static func makeFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "outbox-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
