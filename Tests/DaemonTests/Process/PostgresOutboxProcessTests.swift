import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

/// The real daemon on `outbox postgresql://…`: opened through the same opener as
/// SQLite, it sends the drill to everyone, and a database it cannot reach stops its
/// start with the cause, never the password. (Several instances, takeover and
/// fencing are the PostgreSQL backend's own process tests.)
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct PostgresOutboxProcessTests {
    @Test func theDaemonSendsTheDrillFromAPostgreSQLOutbox() async throws {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "daemon_drill_\(UUID().uuidString.prefix(6))").database
        let daemon = try await DaemonHarness(recipients: 20, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("joined the shared outbox"), "\(daemon.log.suffix(2000))")
        #expect(!FileManager.default.fileExists(atPath: daemon.stateFolder + "/outbox.sqlite"), "the SQLite outbox was used")
        let delivered = try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
        #expect(delivered.trimmingCharacters(in: .whitespacesAndNewlines) == "20", "delivered rows: \(delivered)")

        // broadcastctl reads the same config's outbox line, with the daemon stopped.
        let broadcastctl = (DaemonHarness.binary as NSString).deletingLastPathComponent + "/broadcastctl"
        let config = daemon.directory.appendingPathComponent("broadcastd.conf").path
        let status = try ToolRun.run(broadcastctl, ["status", "--json", "--config", config])
        #expect(status.status == 0, "\(status.output)")
        #expect(status.output.contains("\"delivered\" : 20") || status.output.contains("\"delivered\":20"), "\(status.output)")
        // The drill is over: pausing it changes nothing, says why and exits 1 (issue 11).
        let pause = try ToolRun.run(broadcastctl, ["pause", "--campaign", "drill", "--config", config])
        #expect(pause.status == 1 && pause.output.contains("nothing to pause: campaign 'drill' has nothing left to send"), "\(pause.output)")
        let resume = try ToolRun.run(broadcastctl, ["resume", "--campaign", "drill", "--config", config])
        #expect(resume.status == 1 && resume.output.contains("nothing to resume"), "\(resume.output)")
        let controls = try server.psql("SELECT count(*) FROM controls", database: database)
        #expect(controls.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "both controls recorded: \(controls)")
        let paused = try server.psql("SELECT count(*) FROM pauses", database: database)
        #expect(paused.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(paused)")
    }

    @Test func anUnreachableDatabaseStopsTheStartWithTheCauseAndNoPassword() async throws {
        let port = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 1, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "secrets secrets\noutbox postgresql://broadcastd@127.0.0.1:\(port)/bd?sslmode=disable\n"
                                                 + "outbox-password secret:outbox-pw")
        defer { Task { await daemon.stop() } }
        let secrets = daemon.directory.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let secret = secrets.appendingPathComponent("outbox-pw").path
        try "pw-never-printed-9f3\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)

        let (status, saidReady) = try await daemon.startExpectingRefusal(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(status == 1 && !saidReady, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("cannot open the outbox at postgresql://broadcastd@127.0.0.1:\(port)/bd?sslmode=disable: "
                                    + "connection refused"), "\(daemon.log.suffix(2000))")
        #expect(!daemon.log.contains("pw-never-printed-9f3"))
        #expect(daemon.simulator.log.requestCount == 0)
    }
}
