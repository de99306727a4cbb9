import Foundation
import Outbox
import OutboxSQLite
import Testing

/// The backends the conformance suite runs against. A backend adds itself to
/// `all` (the PostgreSQL backend of issue 14 will) and must pass every test
/// here unchanged: the suite speaks only the seam's protocols.
enum OutboxBackends {
    static let all: [BackendFactory] = [.sqlite]
}

/// Makes a fresh, empty outbox of one backend for one test.
struct BackendFactory: Sendable, CustomTestStringConvertible {
    var name: String
    /// `folder` is a fresh temporary folder the test removes afterwards.
    var make: @Sendable (_ folder: String) async throws -> any OutboxBackend

    var testDescription: String { name }

    static let sqlite = BackendFactory(name: "SQLite") { folder in
        try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
    }
}

/// One backend's fresh outbox and the folder it lives in, removed when the value goes away.
final class Subject: Sendable {
    let folder: String
    let outbox: any OutboxBackend

    init(_ factory: BackendFactory) async throws {
        folder = NSTemporaryDirectory() + "outbox-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        outbox = try await factory.make(folder)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
