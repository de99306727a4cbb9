import Foundation
import Outbox
import OutboxSQLite
import OutboxTestSupport
import Testing

/// `broadcastctl outbox copy` as an operator types it: the table of counts, the
/// next steps, and each refusal with its message and exit status 1.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt), .serialized)
struct OutboxCopyCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctl-copy-\(UUID().uuidString.prefix(8))").path
    var state: String { folder + "/state" }

    /// A stopped daemon's outbox: one broadcast to two numbers, one opt-out.
    func stoppedDaemonsOutbox() async throws {
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let outbox = try SQLiteOutbox(stateDirectory: state, access: .daemon(now: 1_700_000_000))
        let key = BroadcastKey(campaign: "drill", message: "m", occurrence: 1_700_000_000, region: "r", channel: "sms", audience: "inline")
        _ = try await outbox.enqueue([NewBroadcast(key: key, destination: "sim", text: "t", dueAt: 1_700_000_000,
                                                   recipients: .inline(["+8613800000001", "+8613800000002"]))], now: 1_700_000_000)
        _ = try await outbox.addOptOut("+8613800000009", source: "broadcastctl", now: 1_700_000_000)
    }

    func url(_ database: String) throws -> String {
        let server = try PostgresTestServer.shared()
        let settings = try server.configuration(database: database)
        return "postgresql://postgres@127.0.0.1:\(server.port)/\(settings.database)?sslmode=disable"
    }

    @Test func copiesPrintsTheCountsAndRefusesASecondCopyIntoTheSameDatabase() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await stoppedDaemonsOutbox()
        let target = try url("ctl_copy_twice")

        let dry = try BroadcastctlProcess.run(["outbox", "copy", "--state-dir", state, "--to", target, "--dry-run"])
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.contains("Would copy") && dry.output.contains("Dry run: nothing was changed"), "\(dry.output)")

        let copy = try BroadcastctlProcess.run(["outbox", "copy", "--state-dir", state, "--to", target])
        #expect(copy.status == 0, "\(copy.output)\(copy.errors)")
        let lines = copy.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("broadcasts 1 1 ok"), "\(copy.output)")
        #expect(lines.contains("deliveries 2 2 ok"), "\(copy.output)")
        #expect(lines.contains("optouts 1 1 ok"), "\(copy.output)")
        #expect(lines.contains { $0.hasPrefix("instances n/a n/a") }, "\(copy.output)")
        #expect(copy.output.contains("Every count matches") && copy.output.contains("systemctl start broadcastd"), "\(copy.output)")
        #expect(copy.output.contains("broadcastd now refuses the old state folder (\(state)/outbox.moved)"), "\(copy.output)")
        #expect(FileManager.default.fileExists(atPath: state + "/outbox.moved"))

        let again = try BroadcastctlProcess.run(["outbox", "copy", "--state-dir", state, "--to", target])
        #expect(again.status == 1)
        #expect(again.errors.contains("is not empty (broadcasts 1, deliveries 2, optouts 1 rows)"), "\(again.errors)")
    }

    @Test(arguments: [
        ("postgresql://postgres@127.0.0.1/", "--to (column 32): the outbox URL names no database"),
        ("mysql://u@h/db", "--to (column 1): unsupported outbox URL scheme 'mysql'"),
        ("postgresql://u:hunter2@h/db", "--to holds a password: a command line shows in ps"),
        ("postgresql://u@h/db?sslmode=off", "--to (column "),
    ])
    func aBadURLIsRefusedWithItsReason(url: String, message: String) async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await stoppedDaemonsOutbox()
        let result = try BroadcastctlProcess.run(["outbox", "copy", "--state-dir", state, "--to", url])
        #expect(result.status == 1)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(!result.errors.contains("hunter2"), "the password is never printed")
    }

    /// The config already naming the PostgreSQL outbox is the target; the folder comes from --state-dir.
    @Test func theConfigsPostgreSQLOutboxIsTheTargetWhenNoURLIsGiven() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await stoppedDaemonsOutbox()
        let config = folder + "/broadcastd.conf"
        try "schedule campaign.schedule\noutbox \(try url("ctl_copy_config"))\n".write(toFile: config, atomically: true, encoding: .utf8)

        let withoutFolder = try BroadcastctlProcess.run(["outbox", "copy", "--config", config])
        #expect(withoutFolder.status == 1)
        #expect(withoutFolder.errors.contains("the config's outbox is PostgreSQL already: give the SQLite outbox's folder with --state-dir DIR"),
                "\(withoutFolder.errors)")
        let unreadable = try BroadcastctlProcess.run(["outbox", "copy", "--config", config, "--state-dir", state,
                                                      "--password-file", folder + "/no-such-file"])
        #expect(unreadable.status == 1 && unreadable.errors.contains("cannot read the password file"), "\(unreadable.errors)")

        let copy = try BroadcastctlProcess.run(["outbox", "copy", "--config", config, "--state-dir", state])
        #expect(copy.status == 0, "\(copy.output)\(copy.errors)")
        let status = try BroadcastctlProcess.run(["status", "--config", config, "--json"])
        #expect(status.status == 0 && status.output.contains("\"drill\""), "\(status.output)\(status.errors)")
    }

    @Test func aFolderWithoutAnOutboxIsRefused() throws {
        let result = try BroadcastctlProcess.run(["outbox", "copy", "--state-dir", folder + "/nothing", "--to", "postgresql://u@127.0.0.1/db"])
        #expect(result.status == 1)
        #expect(result.errors.contains("no outbox at \(folder)/nothing/outbox.sqlite"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/nothing"), "the copy made no folder")
    }
}
