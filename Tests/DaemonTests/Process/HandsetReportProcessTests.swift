import Delivery
import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon with `reports` and `metrics` on, sending through the `kannel`
/// dialect to the loopback simulator; the test then plays Kannel's delivery
/// reports: it fetches each message's `dlr-url` with `%d` and `%A` filled as
/// bearerbox fills them for a fake SMSC's receipt. `status --json`, the text
/// `status` and `/metrics` then show how many reached handsets.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
       .timeLimit(.minutes(1)))
struct HandsetReportProcessTests {
    static let token = "chunfeng-reports-0123456789"

    @Test func kannelReceiptsShowAsTheHandsetShareInStatusAndMetrics() async throws {
        let reportsPort = try FreePort.pick(), metricsPort = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s",
                                             settings: "reports 127.0.0.1:\(reportsPort)\nreports-token \(Self.token)\n"
                                                + "metrics 127.0.0.1:\(metricsPort)")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        _ = try await MetricsProcessTests.eventually("status shows 5 delivered") {
            try MetricsProcessTests.deliveredInStatus(daemon) == 5 ? true : nil
        }

        // Three reach handsets, one fails, one expires; one more report repeats a delivery.
        let receipts = ["1": "stat:DELIVRD err:000", "2": "stat:UNDELIV err:0B", "2x": "stat:EXPIRED err:000"]
        let plan = ["1", "1", "1", "2", "2x"]
        let urls = try daemon.simulator.log.requests.map(Self.dlrURL)
        #expect(urls.count == 5)
        let transport = HTTPTransport()
        for (url, kind) in zip(urls, plan) + [(urls[0], "1")] {
            let filled = url.replacingOccurrences(of: "%d", with: String(kind.prefix(1)))
                .replacingOccurrences(of: "%A", with: Self.queryEncoded("id:0815 sub:001 dlvrd:001 " + receipts[kind]!))
            let response = try await transport.send(HTTPRequest(method: .get, url: filled), timeout: .seconds(10))
            #expect(response.status == 200, "\(daemon.log.suffix(2000))")
        }
        // A report for an SMS we never sent is answered, and counted as unmatched.
        let stranger = urls[0].replacingOccurrences(of: "id=msg_", with: "id=msg_0").replacingOccurrences(of: "%d", with: "1")
            .replacingOccurrences(of: "%A", with: "")
        #expect(try await transport.send(HTTPRequest(method: .get, url: stranger), timeout: .seconds(10)).status == 200)
        await transport.shutdown()

        let status = try daemon.statusJSON()
        let broadcast = try #require((status["broadcasts"] as? [[String: Any]])?.first)
        let handset = try #require(broadcast["handset"] as? [String: Any], "\(status)")
        #expect(handset["delivered"] as? Int == 3 && handset["failed"] as? Int == 1 && handset["expired"] as? Int == 1)
        #expect(handset["noReport"] as? Int == 0 && handset["unknown"] as? Int == 0)
        #expect(handset["deliveredShare"] as? Double == 0.6)
        let sim = try #require((status["destinations"] as? [[String: Any]])?.first { $0["name"] as? String == "sim" })
        #expect((sim["handset"] as? [String: Any])?["delivered"] as? Int == 3)

        let text = try daemon.control(["status", "--state-dir", daemon.directory.appendingPathComponent("state").path]).stdout
        #expect(text.contains("handsets: 3 of 5 reached handsets (60%) · failed 1 · expired 1"), "\(text)")
        #expect(text.contains("HANDSETS") && text.contains("60% of 5"), "\(text)")

        // `log` shows each delivered SMS's report and the SMSC's error.
        let log = try daemon.control(["log", "--state-dir", daemon.directory.appendingPathComponent("state").path]).stdout
        #expect(log.contains("handset failed (err 0B)") && log.contains("handset expired (err 000)"), "\(log)")

        let page = String(decoding: try await MetricsProcessTests.get("http://127.0.0.1:\(metricsPort)/metrics").body, as: UTF8.self)
        // Four reports of delivery (one repeated): the counter counts reports, the outbox SMS.
        #expect(MetricsProcessTests.value(in: page, #"broadcastd_handset_outcomes_total{destination="sim",outcome="delivered"}"#) == 4, "\(page)")
        #expect(MetricsProcessTests.value(in: page, #"broadcastd_handset_outcomes_total{destination="sim",outcome="failed"}"#) == 1)
        #expect(MetricsProcessTests.value(in: page, #"broadcastd_handset_outcomes_total{destination="sim",outcome="expired"}"#) == 1)
        #expect(MetricsProcessTests.value(in: page, #"broadcastd_handset_outcomes_total{destination="sim",outcome="unmatched"}"#) == 1)
        for number in daemon.recipients { #expect(!daemon.log.contains(number), "the daemon's log shows a number unmasked") }

        // The daemon says in its log that the broadcast finished, and sees an operator's pause and resume.
        _ = try await MetricsProcessTests.eventually("the log says the broadcast finished", seconds: 15) {
            daemon.log.contains("broadcast finished: drill/broadcast: 5 delivered") ? true : nil
        }
        #expect(try daemon.control(["pause", "--state-dir", daemon.directory.appendingPathComponent("state").path,
                                    "--campaign", "drill"]).status == 0)
        _ = try await MetricsProcessTests.eventually("the log says an operator paused", seconds: 15) {
            daemon.log.contains("paused by an operator: drill (the whole campaign)") ? true : nil
        }
        #expect(try daemon.control(["resume", "--state-dir", daemon.directory.appendingPathComponent("state").path,
                                    "--campaign", "drill"]).status == 0)
        _ = try await MetricsProcessTests.eventually("the log says an operator resumed", seconds: 15) {
            daemon.log.contains("resumed by an operator: drill (the whole campaign)") ? true : nil
        }

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0, "\(daemon.log.suffix(2000))")
    }

    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// The `dlr-url` the daemon gave Kannel with a message, as bearerbox reads it.
    static func dlrURL(_ request: RecordedRequest) throws -> String {
        let field = request.query?.split(separator: "&").first { $0.hasPrefix("dlr-url=") }
        guard let field, let url = String(field.dropFirst("dlr-url=".count)).removingPercentEncoding else {
            throw HarnessError("no dlr-url in \(request.uri.prefix(80))")
        }
        return url
    }
}
