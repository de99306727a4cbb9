import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

/// The gateway's rate across instances: two real daemons on one PostgreSQL
/// outbox send one broadcast through one loopback gateway (`rate 20/s burst 5`);
/// the gateway never sees more than rate + burst in any second from both
/// together, where each instance's own limiter alone would allow twice that.
extension PostgresInstancesProcessTests {
    @Test func twoInstancesOnOneGatewayHoldItsRateInEverySecond() async throws {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "rate_two_\(UUID().uuidString.prefix(6))").database
        let settings = "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
        let gateway = "rate 20/s burst 5\nconcurrency 4\ntimeout 3s"
        let recipients = 200
        let first = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                            settings: settings)
        let second = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                             settings: settings)
        defer { Task { await first.stop(); await second.stop() } }
        // The second sends to the first's gateway, under another sender id, to tell them apart.
        let config = URL(fileURLWithPath: second.configPath)
        try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:\(second.simulator.port)/", with: "127.0.0.1:\(first.simulator.port)/")
            .replacingOccurrences(of: "from        96110", with: "from        96111")
            .write(to: config, atomically: true, encoding: .utf8)
        try first.start(pretendNow: Self.pretendNow)
        try second.start(pretendNow: Self.pretendNow)

        let deadline = Date().addingTimeInterval(60)
        while Set(first.receivedNumbers).count < recipients && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let requests = first.simulator.log.requests
        #expect(Set(first.receivedNumbers) == Set(first.recipients), "\(Set(first.receivedNumbers).count) of \(recipients)")
        #expect(second.simulator.log.requestCount == 0)
        let fromSecond = requests.filter { $0.uri.contains("from=96111") }.count
        // Both send; the split is not balanced (the one that asks as a token comes due takes it), the total is held.
        #expect(fromSecond > 0 && fromSecond < requests.count, "both instances send: \(fromSecond) of \(requests.count)")

        // The instances take the tokens at the lease, exactly (SharedRateTests); a request reaches
        // the gateway a moment later, and that moment varies, by up to about 100 ms on a loaded
        // machine. So a window two tokens (100 ms) shorter than a second holds at most rate + burst,
        // and a whole second at most two more. Each instance's own limiter alone allows about 45.
        let times = requests.map(\.receivedAt).sorted()
        func busiest(_ window: Double) -> Int {
            times.indices.map { index in times[index...].prefix { $0 < times[index] + window }.count }.max() ?? 0
        }
        let (tight, inOneSecond) = (busiest(1 - 2.0 / 20), busiest(1))
        #expect(tight <= 25, "\(tight) requests in 0.9 s at a gateway of rate 20/s burst 5")
        #expect(inOneSecond <= 27, "\(inOneSecond) requests in one second at a gateway of rate 20/s burst 5")
        let span = (times.last ?? 0) - (times.first ?? 0)
        #expect(span >= Double(recipients - 25) / 20 - 0.5, "two instances sent \(requests.count) in \(span) s: not faster than the rate")
        #expect(await first.stopGracefully() == 0, "\(first.log.suffix(2000))")
        #expect(await second.stopGracefully() == 0, "\(second.log.suffix(2000))")
        print("two instances, one gateway at 20/s burst 5: busiest second \(inOneSecond) (0.9 s: \(tight)), \(requests.count) requests in "
              + "\(String(format: "%.1f", span)) s, \(fromSecond) from the second instance")
    }
}
