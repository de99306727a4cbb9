import Foundation
import GatewaySimulator
import OutboxTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An instance on a shared PostgreSQL outbox is killed mid-broadcast; another
/// instance on the same outbox takes over its expired leases at its heartbeat
/// and reaches everyone, with extra copies within the killed one's in-flight cap.
///
/// The first instance's config says `lease-time 30s` (its leases in the
/// database show it was read); the second instance's clock is set past them
/// (400 s later), which stands for waiting that long: the takeover is the
/// heartbeat's release of expired leases, read on the instance's own clock.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(3)))
struct PostgresTakeoverProcessTests {
    static let concurrency = 6

    @Test func aKilledInstancesLeasesAreTakenOverAndEveryoneIsReached() async throws {
        let server = try PostgresTestServer.shared()
        let database = try server.configuration(database: "takeover_\(UUID().uuidString.prefix(6))").database
        let outbox = "outbox postgresql://postgres@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
        let gateway = "rate 50/s\nconcurrency \(Self.concurrency)\ntimeout 5s"
        let recipients = 300
        let first = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                            settings: outbox + "\nlease-time 30s")
        defer { Task { await first.stop() } }
        // Answers that take half a second keep its leases in flight when the kill comes
        // (as in PostgresPartitionProcessTests): with quick ones, a kill just after an
        // outcome was recorded and before the next token (50/s) could find no lease to leave.
        first.simulator.script(Array(repeating: .slowBody("0: Accepted for delivery", chunkDelayMilliseconds: 20),
                                     count: recipients), for: "/cgi-bin/sendsms")
        try first.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await first.simulator.log.waitForRequests(60, timeout: .seconds(30)) != nil, "\(first.log.suffix(2000))")
        first.signal(SIGKILL)
        #expect(await first.waitForExit(seconds: 10) != nil)
        let leased = try server.psql("SELECT count(*) FROM deliveries WHERE state = 1", database: database)
        #expect((Int(leased.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "the kill left no lease: \(leased)")
        // Leased within the first minute of its clock (started at 01:59:58Z) for 30 s, not the default 300 s.
        let expires = try server.psql("SELECT max(lease_expires) - 1614563998 FROM deliveries WHERE state = 1", database: database)
        #expect((Int(expires.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max) < 120, "leases expire \(expires) s after the start")

        // The same list and outbox on another "machine", 400 s later by its clock.
        let second = try await DaemonHarness(recipients: recipients, schedule: DaemonProcessTests.schedule(), gateway: gateway,
                                             settings: outbox)
        defer { Task { await second.stop() } }
        try second.start(pretendNow: "2021-03-01T10:06:38+08:00")
        try await second.waitForLog(containing: "took over expired leases of another instance", seconds: 30)
        let deadline = Date().addingTimeInterval(60)
        var received: [String] = []
        while Date() < deadline {
            received = first.receivedNumbers + second.receivedNumbers
            if Set(received).count == recipients { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(Set(received) == Set(first.recipients), "\(Set(received).count) of \(recipients) reached\n\(second.log.suffix(2000))")
        #expect(received.count - Set(received).count <= Self.concurrency, "\(received.count - Set(received).count) extra copies")
        #expect(await second.stopGracefully() == 0, "\(second.log.suffix(2000))")
        let delivered = try server.psql("SELECT sum(delivered) FROM broadcasts", database: database)
        #expect(delivered.trimmingCharacters(in: .whitespacesAndNewlines) == "\(recipients)", "delivered: \(delivered)")
        print("takeover: \(received.count - Set(received).count) extra copies after the kill (cap \(Self.concurrency))")
    }
}
