import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

/// PostgreSQL goes away mid-broadcast (a fast shutdown, as a restart or a
/// failover looks to a client) for 20 s and comes back on the same port:
/// the real daemon stops taking new work, keeps the outcomes of what was in
/// flight, says so in its log and its metrics, reconnects and goes on, and
/// everyone is reached once, give or take what was in flight at the stop.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(3)))
struct PostgresOutageProcessTests {
    static let concurrency = 4
    static let outage = 20.0

    /// The stop often catches a dispatcher statement running; the `ROLLBACK`
    /// after it used to wait for ever and stall the dispatcher (`StatementStart`
    /// in the backend says why; `ServerStopTests` pins it down in-process).
    @Test func aTwentySecondOutageMidBroadcastLosesNothingAndTheDaemonGoesOn() async throws {
        let server = try PostgresTestServer.dedicated()
        let database = try server.configuration(database: "outage").database
        let metrics = try FreePort.pick()
        let recipients = 400
        let daemon = try await DaemonHarness(
            recipients: recipients, schedule: DaemonProcessTests.schedule(),
            gateway: "rate 25/s\nconcurrency \(Self.concurrency)\ntimeout 5s",
            settings: "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable\n"
                + "metrics 127.0.0.1:\(metrics)")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await daemon.simulator.log.waitForRequests(100, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")

        try server.stopServer()
        let stoppedAt = Date()
        // What was leased before the stop still goes out; nothing new is leased.
        try await daemon.waitForLog(containing: "dispatching failed; nothing is lost", seconds: 15)
        let metricsPage = try await MetricsProcessTests.eventually("broadcastd_outbox_up 0", seconds: 15) { () -> String? in
            let text = String(decoding: try await MetricsProcessTests.get("http://127.0.0.1:\(metrics)/metrics").body, as: UTF8.self)
            return MetricsProcessTests.value(in: text, "broadcastd_outbox_up") == 0 ? text : nil
        }
        #expect(metricsPage.contains("broadcastd_outbox_up 0"))
        // broadcastctl cannot reach the database either, and says why.
        let broadcastctl = (DaemonHarness.binary as NSString).deletingLastPathComponent + "/broadcastctl"
        let config = daemon.directory.appendingPathComponent("broadcastd.conf").path
        let status = try ToolRun.run(broadcastctl, ["status", "--config", config])
        #expect(status.status != 0 && status.output.contains("connection refused"), "\(status.output)")
        try await Task.sleep(for: .seconds(3))
        let settled = daemon.simulator.log.requestCount
        let rest = Self.outage - Date().timeIntervalSince(stoppedAt)
        if rest > 0 { try await Task.sleep(for: .seconds(rest)) }
        #expect(daemon.simulator.log.requestCount == settled, "requests went on while the outbox was gone")
        #expect(daemon.isRunning, "\(daemon.log.suffix(2000))")

        try server.startServer()
        try await daemon.waitUntilEveryoneReached(timeout: 90)
        try await daemon.waitForLog(containing: "dispatching works again", seconds: 15)
        #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(3000))")

        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients))
        // Outcomes kept in memory were recorded after the outage: none sent again.
        #expect(daemon.extraCopies <= Self.concurrency, "\(daemon.extraCopies) extra copies")
        let delivered = try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
        #expect(delivered.trimmingCharacters(in: .whitespacesAndNewlines) == "\(recipients)", "delivered: \(delivered)")
        let leased = try server.psql("SELECT count(*) FROM deliveries WHERE lease_owner IS NOT NULL", database: database)
        #expect(leased.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "still leased: \(leased)")
        print("outage: \(daemon.extraCopies) extra copies; \(settled) requests before the outage settled")
    }
}
