import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two real daemons sending one broadcast from one PostgreSQL outbox, each
/// through its own loopback gateway, with a short `--lease-time`: one is killed
/// or stopped past its lease mid-broadcast, the other takes its work over at
/// its heartbeat, everyone is reached, and a stopped one that resumes records
/// nothing over the instance that took over (fencing).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(3)))
struct PostgresInstancesProcessTests {
    static let concurrency = 4
    static let recipients = 400
    static let pretendNow = "2021-03-01T09:59:58+08:00"
    /// Above the gateways' 3 s timeout; a takeover then comes within 6 s and a heartbeat.
    static let lease = ["--lease-time", "6"]

    /// Two instances on a new database; the first one's gateway answers slowly
    /// (about 0.4 s), so it always has deliveries in flight when it is hit.
    static func pair(_ tag: String) async throws -> (PostgresTestServer, String, DaemonHarness, DaemonHarness) {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "\(tag)_\(UUID().uuidString.prefix(6))").database
        let settings = "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
        let gateway = "rate 25/s\nconcurrency \(concurrency)\ntimeout 3s"
        let first = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                            settings: settings)
        let second = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                             settings: settings)
        first.simulator.script(Array(repeating: .slowBody("0: Accepted for delivery", chunkDelayMilliseconds: 70), count: recipients),
                               for: "/cgi-bin/sendsms")
        return (server, database, first, second)
    }

    /// Every number either gateway received, once the outbox counts everyone
    /// delivered (bounded): a number reached by the lost instance but not
    /// recorded is sent again by the other, and that copy is counted too.
    static func waitUntilAllDelivered(_ daemons: [DaemonHarness], _ server: PostgresTestServer, _ database: String,
                                      seconds: Double) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while try delivered(server, database) != "\(recipients)" && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        return daemons.flatMap(\.receivedNumbers)
    }

    static func delivered(_ server: PostgresTestServer, _ database: String) throws -> String {
        try server.psql("SELECT sum(delivered) FROM broadcasts", database: database).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func states(_ server: PostgresTestServer, _ database: String) throws -> String {
        try server.psql("SELECT 'broadcast', id, state, delivered FROM broadcasts UNION ALL "
                        + "SELECT 'deliveries', state, count(*), 0 FROM deliveries GROUP BY state", database: database)
    }

    @Test func oneOfTwoKilledMidBroadcastTheOtherReachesEveryone() async throws {
        let (server, database, first, second) = try await Self.pair("kill_two")
        defer { Task { await first.stop(); await second.stop() } }
        try first.start(pretendNow: Self.pretendNow, arguments: Self.lease)
        try second.start(pretendNow: Self.pretendNow, arguments: Self.lease)
        #expect(await first.simulator.log.waitForRequests(40, timeout: .seconds(30)) != nil, "\(first.log.suffix(2000))")
        #expect(second.simulator.log.requestCount > 0, "both instances send")
        first.signal(SIGKILL)
        #expect(await first.waitForExit(seconds: 10) != nil)

        try await second.waitForLog(containing: "took over expired leases of another instance", seconds: 30)
        let received = try await Self.waitUntilAllDelivered([first, second], server, database, seconds: 60)
        let extra = received.count - Set(received).count
        #expect(Set(received) == Set(first.recipients), "\(Set(received).count) of \(Self.recipients)\n\(second.log.suffix(2000))")
        #expect(extra <= Self.concurrency, "\(extra) extra copies; the killed instance had at most \(Self.concurrency) in flight")
        #expect(await second.stopGracefully() == 0, "\(second.log.suffix(2000))")
        let states = try Self.states(server, database)
        #expect(try Self.delivered(server, database) == "\(Self.recipients)", "\(states)")
        print("two instances, one killed: \(extra) extra copies (cap \(Self.concurrency)); "
              + "first sent \(first.simulator.log.requestCount), second \(second.simulator.log.requestCount)")
    }

    @Test func oneStoppedPastItsLeaseRecordsNothingOverTheInstanceThatTookOver() async throws {
        let (server, database, first, second) = try await Self.pair("stop_two")
        defer { Task { await first.stop(); await second.stop() } }
        try first.start(pretendNow: Self.pretendNow, arguments: Self.lease)
        try second.start(pretendNow: Self.pretendNow, arguments: Self.lease)
        #expect(await first.simulator.log.waitForRequests(40, timeout: .seconds(30)) != nil, "\(first.log.suffix(2000))")
        first.signal(SIGSTOP)
        let stoppedAt = first.simulator.log.requestCount
        try await second.waitForLog(containing: "took over expired leases of another instance", seconds: 30)
        first.signal(SIGCONT)

        // The resumed instance's outcomes for deliveries the other took over are refused.
        try await first.waitForLog(containing: "outcomes refused by the outbox", seconds: 20)
        let received = try await Self.waitUntilAllDelivered([first, second], server, database, seconds: 60)
        let extra = received.count - Set(received).count
        #expect(Set(received) == Set(first.recipients), "\(Set(received).count) of \(Self.recipients)")
        #expect(extra <= Self.concurrency, "\(extra) extra copies")
        #expect(await first.stopGracefully() == 0, "\(first.log.suffix(2000))")
        #expect(await second.stopGracefully() == 0, "\(second.log.suffix(2000))")
        // Counted once each: the refused outcomes moved no counter.
        let states = try Self.states(server, database)
        #expect(try Self.delivered(server, database) == "\(Self.recipients)", "\(states)")
        let leased = try server.psql("SELECT count(*) FROM deliveries WHERE state = 1", database: database)
        #expect(leased.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        print("two instances, one stopped past its lease: \(extra) extra copies; stopped after \(stoppedAt) requests")
    }
}
