import DaemonConfig
import Foundation
import OutboxOpening
import OutboxTestSupport
import Testing

/// broadcastctl against a PostgreSQL outbox named by `outbox postgresql://…` in the
/// config: the same commands as on SQLite, through the same opener, on a real
/// server the tests start themselves.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt), .serialized)
struct OperatePostgresTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctl-postgres-\(UUID().uuidString.prefix(8))").path

    /// The gateway's secret cannot be read here: `status` and the others read only the outbox's lines.
    static let unreadableGateway = "gateway g\n    kind kannel\n    url http://127.0.0.1:13013/cgi-bin/sendsms\n    username u\n    password secret:not-readable-here\n"
    static let plainGateway = "gateway g\n    kind http-json\n    url https://g.example/send\n    json {\"to\":\"{to}\",\"text\":\"{text}\"}\n"

    func config(port: Int, database: String, gateway: String = Self.unreadableGateway) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/broadcastd.conf"
        try """
            schedule campaign.schedule
            outbox postgresql://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable
            \(gateway)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func statusLogAndOptOutsWorkOnPostgreSQL() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try PostgresTestServer.shared()
        let settings = try server.configuration(database: "ctl_operate")
        let config = try config(port: server.port, database: settings.database)
        let place = "postgresql://postgres@127.0.0.1:\(server.port)/\(settings.database)?sslmode=disable"

        // No daemon has run: a reader refuses to create the outbox, and says so.
        let before = try BroadcastctlProcess.run(["status", "--config", config])
        #expect(before.status == 1)
        #expect(before.errors.contains("no outbox at \(place); broadcastd has not run on this database yet"), "\(before.errors)")

        // What the daemon does at its first start: create the schema.
        let location = try DaemonConfigLoader.outboxLocation(configPath: config, environment: [:])
        _ = try await OutboxOpener.open(location, access: .daemon(now: 1_700_000_000))

        let status = try BroadcastctlProcess.run(["status", "--config", config])
        #expect(status.status == 0, "\(status.output)\(status.errors)")
        #expect(status.output.contains(place), "\(status.output)")

        let add = try BroadcastctlProcess.run(["optout", "add", "13800000001", "--config", config])
        #expect(add.status == 0, "\(add.output)\(add.errors)")
        let listed = try BroadcastctlProcess.run(["optout", "list", "+8613800000001", "--config", config])
        #expect(listed.status == 0, "\(listed.output)\(listed.errors)")
        let log = try BroadcastctlProcess.run(["log", "--config", config])
        #expect(log.status == 0 && log.output.contains("no log entries"), "\(log.output)\(log.errors)")
    }

    @Test func aDatabaseThatIsNotThereFailsFastWithTheCause() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try PostgresTestServer.shared()
        let config = try config(port: server.port, database: "no_such_database_here", gateway: Self.plainGateway)
        let started = ContinuousClock.now
        let result = try BroadcastctlProcess.run(["status", "--config", config])
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(result.status == 1)
        #expect(result.errors.contains("database missing: there is no database 'no_such_database_here'"), "\(result.errors)")

        let check = try BroadcastctlProcess.run(["check", "--config", config, "--connect"])
        #expect(check.output.contains("Checking the outbox at '"), "\(check.output)")
        #expect(check.errors.contains("database missing"), "\(check.errors)")
    }
}
