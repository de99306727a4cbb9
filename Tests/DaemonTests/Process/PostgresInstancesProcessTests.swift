import BrowserTestSupport
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

    /// Two instances on one new database, both started; returns once the first
    /// one's gateway has seen 40 requests. The first one's gateway answers slowly
    /// (about 0.4 s), so it always has deliveries in flight when it is hit.
    struct Pair {
        let server: PostgresTestServer
        let database: String
        let first: DaemonHarness
        let second: DaemonHarness
        /// The second one's metrics listener, with the status page at `/`.
        let secondPage: String

        static func started(_ tag: String) async throws -> Pair {
            let server = try PostgresTestServer.shared()
            let database = try server.configuration(database: "\(tag)_\(UUID().uuidString.prefix(6))").database
            let settings = "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
            let gateway = "rate 25/s\nconcurrency \(concurrency)\ntimeout 3s"
            var daemons: [DaemonHarness] = []
            let ports = [try FreePort.pick(), try FreePort.pick()]
            for port in ports {
                daemons.append(try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(),
                                                       gateway: gateway, settings: settings + "\nmetrics 127.0.0.1:\(port)"))
            }
            let pair = Pair(server: server, database: database, first: daemons[0], second: daemons[1],
                            secondPage: "http://127.0.0.1:\(ports[1])/")
            pair.first.simulator.script(Array(repeating: .slowBody("0: Accepted for delivery", chunkDelayMilliseconds: 70),
                                              count: recipients), for: "/cgi-bin/sendsms")
            for daemon in daemons { try daemon.start(pretendNow: pretendNow, arguments: lease) }
            #expect(await pair.first.simulator.log.waitForRequests(40, timeout: .seconds(30)) != nil, "\(pair.first.log.suffix(2000))")
            #expect(pair.second.simulator.log.requestCount > 0, "both instances send")
            return pair
        }

        func stop() async {
            await first.stop()
            await second.stop()
        }

        var delivered: String {
            get throws {
                try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }

        /// Once the outbox counts everyone delivered (bounded: a number reached by the
        /// lost instance but not recorded is sent again by the other, and counted
        /// then): everyone reached, and the extra copies, at most five times the lost
        /// one's concurrency (it leases ahead: `DispatchMachine+Ahead`).
        func extraCopiesOnceAllDelivered() async throws -> Int {
            let deadline = Date().addingTimeInterval(60)
            while try delivered != "\(recipients)" && Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            let received = first.receivedNumbers + second.receivedNumbers
            let extra = received.count - Set(received).count
            #expect(Set(received) == Set(first.recipients), "\(Set(received).count) of \(recipients)\n\(second.log.suffix(2000))")
            // In flight, and what it started from its leases ahead (at most four times its
            // concurrency) since its last record.
            #expect(extra <= 5 * concurrency, "\(extra) extra copies; the lost instance had at most \(5 * concurrency) sent unrecorded")
            return extra
        }

        /// The instances `broadcastctl status --json` lists.
        func instances() throws -> [(pid: Int32, state: String, heartbeatAt: String?, leased: Int)] {
            let run = try second.control(["status", "--json", "--config", second.configPath])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
            let instances = try #require(json["instances"] as? [[String: Any]], "\(run.stdout)")
            return instances.map {
                (Int32($0["pid"] as? Int ?? 0), $0["state"] as? String ?? "", $0["heartbeatAt"] as? String, $0["leased"] as? Int ?? -1)
            }
        }

        /// Counted once each (refused outcomes move no counter), and nothing left leased.
        func expectExactCounts() throws {
            let states = try server.psql("SELECT 'broadcast', id, state, delivered FROM broadcasts UNION ALL "
                                         + "SELECT 'deliveries', state, count(*), 0 FROM deliveries GROUP BY state",
                                         database: database)
            #expect(try delivered == "\(recipients)", "\(states)")
            let leased = try server.psql("SELECT count(*) FROM deliveries WHERE state = 1", database: database)
            #expect(leased.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(states)")
        }
    }

    @Test func oneOfTwoKilledMidBroadcastTheOtherReachesEveryone() async throws {
        let pair = try await Pair.started("kill_two")
        defer { Task { await pair.stop() } }
        let running = try pair.instances()
        #expect(running.map(\.pid).sorted() == [pair.first.pid, pair.second.pid].sorted(), "\(running)")
        #expect(running.allSatisfy { $0.state == "running" }, "\(running)")
        pair.first.signal(SIGKILL)
        #expect(await pair.first.waitForExit(seconds: 10) != nil)

        // status names the killed instance, what it holds, and since when it is not seen.
        let killed = try #require(try pair.instances().first { $0.pid == pair.first.pid })
        #expect(killed.state == "not-running" && killed.heartbeatAt != nil, "\(killed)")
        let text = try pair.second.control(["status", "--config", pair.second.configPath]).stdout
        let line = text.split(separator: "\n").first { $0.contains("pid \(pair.first.pid):") } ?? ""
        #expect(line.contains("NOT RUNNING") && line.contains("not seen since"), "\(text)")
        #expect(text.contains("pid \(pair.second.pid): running"), "\(text)")
        // The status page of the instance left running lists both alike.
        let page = String(decoding: try await MetricsProcessTests.get(pair.secondPage).body, as: UTF8.self)
        let rows = page.components(separatedBy: "<tr data-instance=").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        #expect(rows.contains { $0.contains("<td>\(pair.first.pid)</td>") && $0.contains("data-state=\"not-running\"") }, "\(page)")
        #expect(rows.contains { $0.contains("<td>\(pair.second.pid)</td>") && $0.contains("data-state=\"running\"") }, "\(page)")
        // Its top (the header and the instances) in a browser: BROADCASTD_KEEP_SCREENSHOT=shot.png keeps it as shot-instances.png.
        if HeadlessChromium.isInstalled { try StatusPageProcessTests.expectScreenshot(pair.secondPage, height: 450, suffix: "instances") }

        try await pair.second.waitForLog(containing: "took over expired leases of another instance", seconds: 30)
        let extra = try await pair.extraCopiesOnceAllDelivered()
        #expect(await pair.second.stopGracefully() == 0, "\(pair.second.log.suffix(2000))")
        try pair.expectExactCounts()
        print("two instances, one killed: \(extra) extra copies (cap \(Self.concurrency)); "
              + "first sent \(pair.first.simulator.log.requestCount), second \(pair.second.simulator.log.requestCount)")
    }

    @Test func oneStoppedPastItsLeaseRecordsNothingOverTheInstanceThatTookOver() async throws {
        let pair = try await Pair.started("stop_two")
        defer { Task { await pair.stop() } }
        pair.first.signal(SIGSTOP)
        try await pair.second.waitForLog(containing: "took over expired leases of another instance", seconds: 30)
        pair.first.signal(SIGCONT)

        // The resumed instance's outcomes for deliveries the other took over are refused.
        try await pair.first.waitForLog(containing: "outcomes refused by the outbox", seconds: 20)
        let extra = try await pair.extraCopiesOnceAllDelivered()
        #expect(await pair.first.stopGracefully() == 0, "\(pair.first.log.suffix(2000))")
        #expect(await pair.second.stopGracefully() == 0, "\(pair.second.log.suffix(2000))")
        try pair.expectExactCounts()
        print("two instances, one stopped past its lease: \(extra) extra copies (cap \(Self.concurrency))")
    }
}
