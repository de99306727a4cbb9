import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A partition: one instance runs in a network namespace of the test's own and
/// reaches PostgreSQL over one veth pair and its gateway over another; mid-broadcast
/// the database's pair goes down (packets lost, as when a switch or a route fails)
/// while the gateway stays reachable: it stops taking work. Another
/// instance, on this side, takes over its expired leases and reaches everyone;
/// when the pair comes back, the cut-off instance reconnects, records nothing
/// over the one that took over (its late outcomes are refused), and goes on.
/// Runs where the test is root and `ip` and `socat` are installed (`make test-deps`).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary) && TestNetwork.available),
       .timeLimit(.minutes(3)))
struct PostgresPartitionProcessTests {
    static let concurrency = 6

    @Test func anInstanceCutOffFromPostgreSQLIsTakenOverAndRecordsNothingOverTheOther() async throws {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "partition_\(UUID().uuidString.prefix(6))").database
        let network = try TestNetwork()
        defer { network.remove() }
        let gateway = "rate 50/s\nconcurrency \(Self.concurrency)\ntimeout 3s"
        let recipients = 300
        // Short leases, so the takeover comes within the test: the same flag on both.
        let leases = ["--lease-time", "10"]

        let (databasePath, gatewayPath) = (try network.pair(), try network.pair())
        let viaPair = try network.forward(to: server.port, over: databasePath)
        let cutOff = try await DaemonHarness(
            recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
            settings: "outbox postgresql://postgres@\(databasePath.hostAddress):\(viaPair)/\(database)?sslmode=disable")
        defer { Task { await cutOff.stop() } }
        let gatewayViaPair = try network.forward(to: cutOff.simulator.port, over: gatewayPath)
        try cutOff.editConfig {
            $0.replacingOccurrences(of: "127.0.0.1:\(cutOff.simulator.port)", with: "\(gatewayPath.hostAddress):\(gatewayViaPair)")
        }
        cutOff.launchPrefix = network.prefix
        // Answers that take half a second keep its transfers, and so its leases, in
        // flight when the cut comes. With quick ones it held none between a recorded
        // outcome and its next token (50/s), and a cut there left nothing to take
        // over: the other instance finished alone and the test waited in vain (1 CI run of 6).
        cutOff.simulator.script(Array(repeating: .slowBody("0: Accepted for delivery", chunkDelayMilliseconds: 20),
                                      count: recipients), for: "/cgi-bin/sendsms")
        try cutOff.start(pretendNow: "2021-03-01T09:59:58+08:00", arguments: leases)
        #expect(await cutOff.simulator.log.waitForRequests(60, timeout: .seconds(30)) != nil, "\(cutOff.log.suffix(2000))")
        try network.cut(databasePath)
        let sentAtTheCut = cutOff.simulator.log.requestCount

        // This side, on loopback, 40 s later by its clock: past every lease the other took.
        let other = try await DaemonHarness(
            recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
            settings: "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable")
        defer { Task { await other.stop() } }
        try other.start(pretendNow: "2021-03-01T10:00:40+08:00", arguments: leases)
        // The cut-off one's open transaction, if the cut came inside one, holds row locks until
        // the server ends its session (20 s idle in a transaction): within 45 s either way.
        try await other.waitForLog(containing: "took over expired leases of another instance", seconds: 45)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, Set(cutOff.receivedNumbers + other.receivedNumbers).count < recipients {
            try await Task.sleep(for: .milliseconds(200))
        }
        // Its gateway is still there; only what it had in flight at the cut may have gone to it.
        #expect(cutOff.simulator.log.requestCount <= sentAtTheCut + Self.concurrency, "the cut-off instance took new work")

        // Reconnected: its queries, held while the packets were lost, go through, and the
        // outcomes of what it had in flight at the cut are refused (the other owns those now).
        try network.heal(databasePath)
        try await cutOff.waitForLog(containing: "outcomes refused by the outbox", seconds: 60)
        let received = cutOff.receivedNumbers + other.receivedNumbers
        #expect(Set(received) == Set(cutOff.recipients), "\(Set(received).count) of \(recipients) reached\n\(other.log.suffix(2000))")
        #expect(received.count - Set(received).count <= Self.concurrency, "\(received.count - Set(received).count) extra copies")
        let delivered = try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
        #expect(delivered.trimmingCharacters(in: .whitespacesAndNewlines) == "\(recipients)", "delivered: \(delivered)")
        #expect(cutOff.isRunning, "the cut-off instance survived the partition\n\(cutOff.log.suffix(2000))")
        #expect(await other.stopGracefully() == 0, "\(other.log.suffix(2000))")
        print("partition: \(received.count - Set(received).count) extra copies (cap \(Self.concurrency)); the cut-off one's log:\n"
              + cutOff.log.suffix(1500))
    }
}
