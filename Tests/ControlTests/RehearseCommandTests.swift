import Foundation
import Outbox
import OutboxSQLite
import Testing

/// `broadcastctl rehearse` on the shipped example (`config/`), through the
/// built binary: the rows a planner reads, and the JSON lines a tool reads.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt))
struct RehearseCommandTests {
    /// The shipped config copied into a fresh folder, its secrets readable by their owner only (as the loader requires).
    static func withShippedConfig<T>(_ body: (String) throws -> T) throws -> T {
        let folder = try copyShippedConfig()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder + "/broadcastd.conf")
    }

    static func withShippedConfig(_ body: (String) async throws -> Void) async throws {
        let folder = try copyShippedConfig()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder + "/broadcastd.conf")
    }

    private static func copyShippedConfig() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = NSTemporaryDirectory() + "rehearse-command-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("config").path, toPath: folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder + "/secrets") {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/secrets/" + name)
        }
        return folder
    }

    @Test func theShippedLaunchReachesItsHundredAndTenPeopleOnItsEveningThroughTheCarriersRoute() throws {
        let result = try Self.withShippedConfig { try BroadcastctlProcess.run(["rehearse", "--config", $0, "--json", "--to", "2021-02-09"]) }
        #expect(result.status == 0, "\(result.errors)")
        let rows = try result.output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let launch = rows.filter { $0["message"] as? String == "launch" && $0["channel"] as? String == "sms" }
        // The plan counts 110 distinct people on the launch's lists; the campaign sends them all through the route.
        #expect(Set(launch.compactMap { $0["destination"] as? String }) == ["carriers"])
        #expect(launch.compactMap { $0["people"] as? Int }.reduce(0, +) == 110)
        #expect(launch.compactMap { $0["sent"] as? Int }.reduce(0, +) == 110)
        for row in launch {
            #expect(row["time"] as? String == "2021-02-09T20:00:00+08:00")
            #expect(row["first_send"] as? String == "2021-02-09T20:00:00+08:00")
            // A hundred people through gateways of 50/s and more: done within two seconds, nothing capped or paused.
            #expect((row["duration_seconds"] as? Int ?? 99) <= 2)
            #expect(row["quiet_paused_seconds"] as? Int == 0 && row["capped"] as? Int == 0)
            // A route has no price of its own: its row costs what each gateway carried at that
            // gateway's price (0.04 to 0.05 CNY a segment in the shipped config).
            #expect(row["segments"] as? Int == 110)
            #expect(row["currency"] as? String == "CNY")
            let cost = try #require(row["cost"] as? Double, "\(row)")
            #expect(cost >= 4.40 && cost <= 5.50 && cost != 4.40 && cost != 5.50, "\(cost): some of each carrier's price")
        }
        #expect(rows.allSatisfy { ($0["time"] as? String)?.hasPrefix("2021-02-09") == true })
    }

    @Test func theTextShowsEachOccurrenceTheGatewaysDaysAndNoWarningForTheShippedExample() throws {
        let result = try Self.withShippedConfig { try BroadcastctlProcess.run(["rehearse", "--config", $0, "--latency", "200ms", "--failures", "0%"]) }
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("latency 200ms per request"))
        #expect(result.output.contains("MESSAGE") && result.output.contains("LAST SEND"))
        #expect(result.output.contains("sms      carriers"), "the launch's row names the route")
        // The day's row names the gateway that carried it, not the route.
        let gateways = ["china-mobile-gw", "china-unicom-gw", "china-telecom-gw", "backup-gateway"]
        #expect(gateways.contains { result.output.contains("2021-02-09  \($0)") }, "\(result.output.suffix(800))")
        #expect(result.output.contains("No warnings"))
    }

    /// Nanchang's census figure less the people of the two districts whose own lists the launch
    /// also sends to (7 each): at 100/s the city's launch runs into the night's quiet hours.
    @Test func withEstimatesTheLaunchIsRehearsedAtTheCensusScale() throws {
        func launch(_ extra: [String]) throws -> [String: Any] {
            let result = try Self.withShippedConfig {
                try BroadcastctlProcess.run(["rehearse", "--config", $0, "--json", "--to", "2021-02-09",
                                             "--region", "jiangxi/nanchang"] + extra)
            }
            #expect(result.status == 0, "\(result.errors)")
            let rows = try result.output.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            return try #require(rows.first { $0["message"] as? String == "launch" && $0["channel"] as? String == "sms" })
        }
        let estimated = try launch(["--estimates"])
        #expect(estimated["people"] as? Int == 6_255_007 - 7 - 7)
        #expect(estimated["people_estimated"] as? Bool == true)
        #expect((estimated["quiet_paused_seconds"] as? Int ?? 0) >= 10 * 3600)
        #expect((estimated["last_send"] as? String ?? "") > "2021-02-10T08:00:00+08:00")
        #expect((estimated["scale"] as? Int ?? 1) > 1)

        let listed = try launch([])
        #expect(listed["people"] as? Int == 4)
        #expect(listed["people_estimated"] as? Bool == false)
    }

    /// Numbers the daemon learnt opted out (a reply, a report, `optout add`) are in the
    /// outbox, not the optout file; the daemon skips them at lease, so the rehearsal does.
    @Test func numbersOptedOutInTheOutboxAreRehearsedAsSkipped() async throws {
        try await Self.withShippedConfig { config in
            let folder = (config as NSString).deletingLastPathComponent
            // The shipped config keeps its state beside its folder; this copy keeps it inside.
            let text = try String(contentsOfFile: config, encoding: .utf8)
                .replacingOccurrences(of: "state           ../state", with: "state           state")
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
            let outbox = try SQLiteOutbox(stateDirectory: folder + "/state", access: .daemon(now: 1_612_872_000))
            for number in ["+8613800000401", "+8613800000402"] {
                #expect(try await outbox.addOptOut(number, source: OptOut.reportSource, now: 1_612_872_000))
            }
            let result = try BroadcastctlProcess.run(["rehearse", "--config", config, "--json", "--to", "2021-02-09"])
            #expect(result.status == 0, "\(result.errors)")
            let launch = try result.output.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }.filter { $0["message"] as? String == "launch" && $0["channel"] as? String == "sms" }
            #expect(launch.compactMap { $0["opted_out"] as? Int }.reduce(0, +) == 2)
            #expect(launch.compactMap { $0["sent"] as? Int }.reduce(0, +) == 108)
            let header = try BroadcastctlProcess.run(["rehearse", "--config", config, "--to", "2021-02-09"])
            #expect(header.output.contains("the 2 numbers of the outbox's opt-out table"), "\(header.output)")
        }
    }

    @Test func aRegionTheScheduleLacksIsAnErrorNamingTheNearest() throws {
        let result = try Self.withShippedConfig { try BroadcastctlProcess.run(["rehearse", "--config", $0, "--region", "jiangxi/nanchnag"]) }
        #expect(result.status != 0)
        #expect(result.errors.contains("no region 'jiangxi/nanchnag' in the schedule; did you mean 'jiangxi/nanchang'?"), "\(result.errors)")
        #expect(!result.output.contains("Nothing to send"))
    }

    @Test func aBadFailureShareIsRefusedWithTheFormItWants() throws {
        let result = try BroadcastctlProcess.run(["rehearse", "--failures", "lots"])
        #expect(result.status != 0)
        #expect(result.errors.contains("a share like 2%"))
    }
}
