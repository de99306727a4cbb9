import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

/// A route over three loopback gateways in the real daemon: one is stopped
/// mid-broadcast, and its numbers go on through the route's fallback.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct RouteFailoverProcessTests {
    static func gatewayBlock(_ name: String, port: Int) -> String {
        """
        gateway \(name)
            kind        kannel
            url         http://127.0.0.1:\(port)/cgi-bin/sendsms
            username    broadcastd
            password    test-password
            from        96110
            rate        100/s burst 10
            concurrency 8
        """
    }

    /// The route's line, and the gateway that takes over when `second` stops: the
    /// tier's other gateway first, else the next tier.
    @Test(arguments: [("other sim 50%, second 50% then fallback", "sim"), ("other second then fallback", "fallback")])
    func aGatewayStoppedMidBroadcastFailsOverAndEveryoneIsReached(line: String, takesOver: String) async throws {
        let second = try await GatewaySimulator.start(host: "127.0.0.1", port: 0, recordsRequests: true, threads: 1)
        let fallback = try await GatewaySimulator.start(host: "127.0.0.1", port: 0, recordsRequests: true, threads: 1)
        let metrics = try FreePort.pick()
        let daemon = try await Self.routedDaemon(recipients: 2000, line: line, second: second, fallback: fallback,
                                                 settings: "metrics 127.0.0.1:\(metrics)")
        defer { Task { await daemon.stop(); await second.shutdown(); await fallback.shutdown() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await second.log.waitForRequests(200, timeout: .seconds(60)) != nil, "\(daemon.log.suffix(2000))")
        await second.shutdown()

        // Everyone is reached within the time two gateways of 100/s take, with room for a busy machine.
        #expect(try await Self.waitForDelivered(2000, daemon: daemon, seconds: 90), "\(daemon.log.suffix(3000))")
        let received = [daemon.simulator, second, fallback].flatMap { $0.log.requests.compactMap(DaemonHarness.number(in:)) }
        #expect(Set(received) == Set(daemon.recipients))
        // A copy more only for what was in flight at the stopped gateway (its concurrency).
        #expect(received.count - daemon.recipients.count <= 8, "\(received.count - daemon.recipients.count) duplicates")
        // Each gateway held its own rate (100/s, burst 10) in every second, failovers included; a
        // few more than 110 may arrive in one second when loopback latency bunches them (5 allowed).
        for simulator in [daemon.simulator, second, fallback] {
            let times = simulator.log.requests.map(\.receivedAt).sorted()
            for (index, start) in times.enumerated() {
                #expect(times[index...].prefix { $0 < start + 1 }.count <= 115, "a gateway above its rate")
            }
        }
        // status counts each gateway's deliveries, not the route's.
        let counts = Dictionary(try daemon.outbox().destinations().map { ($0.name, $0.delivered) }) { first, _ in first }
        #expect(counts["carriers"] == nil || counts["carriers"] == 0)
        #expect((counts["sim"] ?? 0) + (counts["second"] ?? 0) + (counts["fallback"] ?? 0) == 2000, "\(counts)")
        #expect((counts["second"] ?? 0) >= 200 && (counts[takesOver] ?? 0) > 0, "\(counts)")
        #expect(daemon.log.contains("failover from 'second' to '\(takesOver)'"), "\(daemon.log.suffix(2000))")
        // The real broadcastctl's `status --json` shows the failovers, recorded with each delivery's outcome.
        let destinations = try daemon.statusJSON()["destinations"] as? [[String: Any]] ?? []
        func failovers(_ key: String) -> [String: Int] {
            Dictionary(destinations.compactMap { entry in
                (entry["name"] as? String).map { ($0, (entry[key] as? NSNumber)?.intValue ?? -1) }
            }) { first, _ in first }
        }
        let (from, to) = (failovers("failedOverFrom"), failovers("failedOverTo"))
        #expect((from["second"] ?? 0) > 0 && (to[takesOver] ?? 0) > 0, "from \(from), to \(to)")
        // Each failover that ended somewhere counts once at its end and at least once where it left.
        #expect(to.values.reduce(0, +) <= from.values.reduce(0, +), "from \(from), to \(to)")
        #expect(to["second"] == 0, "nothing fails over to a stopped gateway: \(to)")
        // And the metrics count them, by route and by the gateways left and taken.
        let exposition = String(decoding: try await MetricsProcessTests.get("http://127.0.0.1:\(metrics)/metrics").body, as: UTF8.self)
        let counted = MetricsProcessTests.value(
            in: exposition, #"broadcastd_failovers_total{route="carriers",from="second",to="\#(takesOver)"}"#) ?? 0
        #expect(counted > 0, "\(exposition.split(separator: "\n").filter { $0.contains("failover") })")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
    }

    /// The stopped gateway is started again on its port: after its half-open
    /// probe answers, a later broadcast's deliveries reach it again.
    @Test func aStoppedGatewayStartedAgainGetsTrafficAfterItsProbe() async throws {
        let second = try await GatewaySimulator.start(host: "127.0.0.1", port: 0, recordsRequests: true, threads: 1)
        let fallback = try await GatewaySimulator.start(host: "127.0.0.1", port: 0, recordsRequests: true, threads: 1)
        let port = second.port
        // A second message 50 s after the start: past the circuit's cooldowns, so its first delivery is the probe.
        let daemon = try await Self.routedDaemon(recipients: 1000, line: "other second then fallback", second: second,
                                                 fallback: fallback, extraMessages: """
            message again
                at   2021-03-01 10:01
                to   test
                via  sms
                text 反诈演练：请转告家人。
            """)
        defer { Task { await daemon.stop(); await second.shutdown(); await fallback.shutdown() } }
        try daemon.start(pretendNow: "2021-03-01T10:00:10+08:00")
        #expect(await second.log.waitForRequests(100, timeout: .seconds(60)) != nil, "\(daemon.log.suffix(2000))")
        await second.shutdown()
        #expect(try await Self.waitForDelivered(1000, daemon: daemon, seconds: 60), "\(daemon.log.suffix(3000))")

        let restarted = try await GatewaySimulator.start(host: "127.0.0.1", port: port, recordsRequests: true, threads: 1)
        defer { Task { await restarted.shutdown() } }
        #expect(try await Self.waitForDelivered(2000, daemon: daemon, seconds: 120), "\(daemon.log.suffix(3000))")
        #expect(daemon.log.contains("'second' answered its probe; route 'carriers' sends through it again"),
                "\(daemon.log.suffix(3000))")
        // Traffic returned: the route prefers `second`, so most of the later broadcast went through it.
        let numbers = restarted.log.requests.compactMap(DaemonHarness.number(in:))
        #expect(numbers.count >= 500, "\(numbers.count) through the restarted gateway")
        #expect(Set(numbers).isSubset(of: Set(daemon.recipients)))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
    }

    /// A daemon whose campaign sends through `route carriers` (`line`) over its
    /// own simulator ("sim"), `second` and `fallback`, each 100/s.
    static func routedDaemon(recipients: Int, line: String, second: GatewaySimulator, fallback: GatewaySimulator,
                             extraMessages: String = "", settings extra: String = "") async throws -> DaemonHarness {
        let settings = [extra, gatewayBlock("second", port: second.port), gatewayBlock("fallback", port: fallback.port),
                        "route carriers\n    \(line)\n"].joined(separator: "\n")
        let schedule = DaemonProcessTests.schedule(extraMessages: extraMessages)
            .replacingOccurrences(of: "sms-gateway sim", with: "sms-gateway carriers")
        return try await DaemonHarness(recipients: recipients, schedule: schedule, gateway: "rate 100/s burst 10\nconcurrency 8",
                                       settings: settings)
    }

    /// Polls the outbox until `count` are delivered over every broadcast; false at the deadline.
    static func waitForDelivered(_ count: Int64, daemon: DaemonHarness, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try daemon.outbox().broadcastStatuses().reduce(0, { $0 + $1.counts.delivered }) >= count { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
