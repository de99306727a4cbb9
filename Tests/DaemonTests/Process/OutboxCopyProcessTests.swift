import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A single-machine campaign moved to PostgreSQL mid-broadcast, as an operator
/// does it: the real `broadcastd` stopped, `broadcastctl outbox copy`, the config
/// pointed at PostgreSQL, the daemon started again. The loopback gateway hears
/// every person exactly once across the two runs.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(3)))
struct OutboxCopyProcessTests {
    @Test func aHalfFinishedBroadcastCopiedThenFinishedOnPostgreSQLReachesEveryoneOnce() async throws {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "copy_process_\(UUID().uuidString.prefix(6))").database
        let url = "postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
        let recipients = 300
        let harness = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(),
                                              gateway: "rate 40/s\nconcurrency 4")
        defer { Task { await harness.stop() } }

        // The single machine sends about a third, and is stopped as systemd stops it.
        try harness.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await harness.simulator.log.waitForRequests(100, timeout: .seconds(30)) != nil, "\(harness.log.suffix(2000))")
        let refused = try harness.control(["outbox", "copy", "--config", harness.configPath, "--to", url])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("broadcastd is running on ") && refused.stderr.contains("/state; stop it first: systemctl stop broadcastd"),
                "\(refused.stderr)")
        // The lock the copy tests is the daemon's own: a second daemon on the folder is refused by it too.
        let second = try Self.run(DaemonHarness.binary, ["--config", harness.configPath, "--pretend-now", "2021-03-01T10:00:00+08:00"])
        #expect(second.status != 0 && second.errors.contains("another broadcastd is running with the state folder"), "\(second.errors)")
        #expect(await harness.stopGracefully() == 0, "\(harness.log.suffix(2000))")
        let before = harness.receivedNumbers
        #expect(before.count < recipients, "the broadcast finished before the stop; nothing left to prove")
        let sqliteStatus = try harness.statusJSON()

        let copy = try harness.control(["outbox", "copy", "--config", harness.configPath, "--to", url])
        #expect(copy.status == 0, "\(copy.stdout)\(copy.stderr)")
        #expect(copy.stdout.contains("Every count matches"), "\(copy.stdout)")
        #expect(copy.stdout.contains("outbox \(url)"), "the next step names the outbox line: \(copy.stdout)")

        // The old folder is marked moved: the daemon started on it again is refused, and says why.
        let stale = try await harness.startExpectingRefusal(pretendNow: "2021-03-01T10:00:20+08:00")
        #expect(stale.status != nil && stale.status != 0 && !stale.saidReady)
        #expect(harness.log.contains("outbox.moved: says this outbox was copied to \(url) at "), "\(harness.log.suffix(1500))")

        // broadcastd.conf now names the PostgreSQL outbox; `status` reads the same broadcast there.
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "state     state\n", with: "outbox \(url)\n")
            .write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        let postgresStatus = try harness.control(["status", "--config", harness.configPath, "--json"])
        #expect(postgresStatus.status == 0, "\(postgresStatus.stderr)")
        let copied = try #require(try JSONSerialization.jsonObject(with: Data(postgresStatus.stdout.utf8)) as? [String: Any])
        let figures = Self.broadcastFigures(sqliteStatus)
        #expect(figures.count == 1 && figures[0].contains("delivered=\(before.count)"), "\(figures)")
        #expect(Self.broadcastFigures(copied) == figures, "\(postgresStatus.stdout)")

        try harness.start(pretendNow: "2021-03-01T10:00:30+08:00")
        try await harness.waitUntilEveryoneReached(timeout: 60)
        #expect(await harness.stopGracefully() == 0, "\(harness.log.suffix(2000))")
        let received = harness.receivedNumbers
        #expect(Set(received) == Set(harness.recipients), "\(Set(received).count) of \(recipients) reached")
        #expect(received.count == recipients, "\(received.count - Set(received).count) sent twice; \(before.count) before the copy")
        let delivered = try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
        #expect(delivered.trimmingCharacters(in: .whitespacesAndNewlines) == "\(recipients)", "delivered: \(delivered)")
        print("outbox copy: \(before.count) reached on SQLite, \(received.count - before.count) on PostgreSQL after the copy\n\(copy.stdout)")
    }

    /// A program's exit status and standard error; stopped after 20 s if it has not ended.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// Each broadcast's state, total and counts in `status --json`: what must read the same on either outbox.
    static func broadcastFigures(_ status: [String: Any]) -> [String] {
        ((status["broadcasts"] as? [[String: Any]]) ?? []).map { broadcast in
            let counts = (broadcast["counts"] as? [String: Any]) ?? [:]
            return "\(broadcast["state"] ?? "-") total \(broadcast["total"] ?? "-") "
                + counts.keys.sorted().map { "\($0)=\(counts[$0] ?? "-")" }.joined(separator: " ")
        }
    }
}
