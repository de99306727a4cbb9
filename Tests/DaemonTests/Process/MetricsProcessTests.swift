import Delivery
import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon with `metrics` on, against the loopback simulator: its
/// `/metrics` passes `promtool check metrics`, its delivered counts are those
/// of `broadcastctl status --json`, and a real Prometheus started here scrapes
/// it and answers the same count through its query API. Debian's `prometheus`
/// package gives both programs (`make test-deps`); no system Prometheus is used.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)
                              && FileManager.default.isExecutableFile(atPath: PrometheusTools.promtool)),
       .timeLimit(.minutes(2)))
struct MetricsProcessTests {
    static let promtool = PrometheusTools.promtool
    static let prometheus = PrometheusTools.prometheus
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func aScrapeMatchesStatusPassesPromtoolAndReachesARealPrometheus() async throws {
        let port = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "metrics 127.0.0.1:\(port)")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        let delivered = try await Self.eventually("status --json shows 5 delivered") {
            let count = try Self.deliveredInStatus(daemon)
            return count == 5 ? count : nil
        }

        let page = try await Self.get("http://127.0.0.1:\(port)/metrics")
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: page.body, as: UTF8.self)
        if let keep = ProcessInfo.processInfo.environment["BROADCASTD_KEEP_METRICS"] {
            try text.write(toFile: keep, atomically: true, encoding: .utf8)
        }
        let check = try ToolRun.run(Self.promtool, ["check", "metrics"], input: page.body)
        #expect(check.status == 0, "promtool check metrics:\n\(check.output)\n\(text)")
        #expect(Self.value(in: text, #"broadcastd_broadcast_deliveries{campaign="drill",message="broadcast",state="delivered"}"#)
                == Double(delivered), "\(text)")
        #expect(Self.value(in: text, #"broadcastd_destination_deliveries{destination="sim",channel="sms",state="delivered"}"#)
                == Double(delivered), "\(text)")
        // This process sent them all, so its own counter agrees with the outbox.
        #expect(Self.value(in: text, #"broadcastd_deliveries_total{destination="sim",outcome="delivered",reason="accepted"}"#)
                == Double(delivered), "\(text)")
        #expect(text.contains(#"broadcastd_request_duration_seconds_count{destination="sim"} 5"#), "\(text)")
        #expect(text.contains("broadcastd_config_last_reload_successful 1"))
        for number in daemon.recipients { #expect(!text.contains(number.dropFirst(3)), "a phone number in /metrics") }
        // `/` is the status page (StatusPageProcessTests); any other path is not found.
        #expect(try await Self.get("http://127.0.0.1:\(port)/").headers["content-type"] == "text/html; charset=utf-8")
        #expect(try await Self.get("http://127.0.0.1:\(port)/status").status == 404)

        try await Self.withPrometheus(scraping: port) { api in
            let answer = try await Self.eventually("Prometheus answers the delivered count") { () -> Double? in
                let query = #"sum(broadcastd_broadcast_deliveries{state="delivered"})"#
                return try await Self.query(api, query)
            }
            #expect(answer == Double(delivered))
            #expect(try await Self.query(api, #"up{job="broadcastd"}"#) == 1)
        }

        // A reload is counted, and the last one's success shows.
        daemon.signal(SIGHUP)
        _ = try daemon.waitForNotification(containing: "reloaded: ")
        let reloaded = String(decoding: try await Self.get("http://127.0.0.1:\(port)/metrics").body, as: UTF8.self)
        #expect(Self.value(in: reloaded, #"broadcastd_config_reloads_total{result="success"}"#) == 1, "\(reloaded)")
        #expect(Self.value(in: reloaded, "broadcastd_config_last_reload_successful") == 1)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0, "\(daemon.log.suffix(2000))")
    }

    @Test func theShippedRulesAndScrapeConfigPassPromtool() throws {
        let rules = Self.repository.appendingPathComponent("config/prometheus/broadcastd.rules.yml").path
        let checkedRules = try ToolRun.run(Self.promtool, ["check", "rules", rules])
        #expect(checkedRules.status == 0, "\(checkedRules.output)")
        let config = Self.repository.appendingPathComponent("config/prometheus/prometheus.yml").path
        let checkedConfig = try ToolRun.run(Self.promtool, ["check", "config", config])
        #expect(checkedConfig.status == 0, "\(checkedConfig.output)")
    }

    // MARK: Helpers

    static func deliveredInStatus(_ daemon: DaemonHarness) throws -> Int? {
        let broadcasts = try daemon.statusJSON()["broadcasts"] as? [[String: Any]] ?? []
        let broadcast = broadcasts.first { $0["campaign"] as? String == "drill" && $0["message"] as? String == "broadcast" }
        return (broadcast?["counts"] as? [String: Any])?["delivered"] as? Int
    }

    /// The sample's value on its own line of the exposition.
    static func value(in text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    static func get(_ url: String) async throws -> HTTPResponse {
        let transport = HTTPTransport()
        defer { Task { await transport.shutdown() } }
        return try await transport.send(HTTPRequest(method: .get, url: url), timeout: .seconds(10))
    }

    /// Polls `probe` every 200 ms for at most `seconds`.
    static func eventually<T>(_ what: String, seconds: Double = 30, _ probe: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("timed out: \(what)")
    }

    /// A Prometheus of the test's own: temp storage, a one-second scrape of
    /// `port`, its API on a free loopback port; stopped whatever happens.
    static func withPrometheus(scraping port: Int, _ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: broadcastd
            static_configs:
              - targets: ['127.0.0.1:\(port)']
        """.write(to: folder.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let apiPort = try FreePort.pick()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prometheus)
        process.arguments = ["--config.file=\(folder.path)/prometheus.yml", "--storage.tsdb.path=\(folder.path)/data",
                             "--web.listen-address=127.0.0.1:\(apiPort)"]
        let log = folder.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        do {
            try await body("http://127.0.0.1:\(apiPort)")
        } catch {
            throw HarnessError("\(error)\nprometheus:\n\((try? String(contentsOf: log, encoding: .utf8))?.suffix(2000) ?? "")")
        }
    }

    /// An instant query's single value, nil while it has none (no scrape yet, or not up).
    static func query(_ api: String, _ promQL: String) async throws -> Double? {
        let encoded = promQL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promQL
        guard let response = try? await get("\(api)/api/v1/query?query=\(encoded)"), response.status == 200,
              let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let sample = result.first?["value"] as? [Any], sample.count == 2, let text = sample[1] as? String else {
            return nil
        }
        return Double(text)
    }
}

/// Debian's `prometheus` package: both programs, used by the tests only.
enum PrometheusTools {
    static let promtool = "/usr/bin/promtool"
    static let prometheus = "/usr/bin/prometheus"
}
