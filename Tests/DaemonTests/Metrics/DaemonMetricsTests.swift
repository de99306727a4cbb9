import Foundation
import Outbox
import Testing
@testable import Daemon

/// The names, types and labels the daemon exposes, and what it renders for them.
struct DaemonMetricsTests {
    /// Configured names and short fixed words only: never a number, a token or free text.
    static let allowedLabels: Set<String> = ["campaign", "message", "channel", "destination", "outcome", "reason",
                                             "state", "route", "status", "source", "result", "version", "from", "to"]

    @Test func namesFollowPrometheusConventions() {
        #expect(Set(MetricsCatalog.all.map(\.name)).count == MetricsCatalog.all.count, "a name is listed twice")
        for entry in MetricsCatalog.all {
            #expect(entry.name.hasPrefix("broadcastd_"), "\(entry.name)")
            #expect(entry.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(entry.name)")
            #expect(!entry.help.isEmpty, "\(entry.name) has no help")
            switch entry.kind {
            case .counter: #expect(entry.name.hasSuffix("_total"), "\(entry.name): a counter ends in _total")
            case .histogram: #expect(entry.name.hasSuffix("_seconds"), "\(entry.name): durations are in seconds")
            case .gauge: #expect(!entry.name.hasSuffix("_total"), "\(entry.name): _total is for counters")
            }
            #expect(Set(entry.labels).isSubset(of: Self.allowedLabels), "\(entry.name) has labels \(entry.labels)")
            #expect(entry.labels.count <= 4, "\(entry.name): few labels")
        }
    }

    @Test func rendersHelpTypeAndTheRecordedSeries() {
        let metrics = DaemonMetrics()
        let delivered = Outcome(delivery: 1, result: .delivered(gatewayMessageID: "x"), at: 100, httpStatus: 202,
                                latencyMilliseconds: 30)
        metrics.concluded(destination: "kannel", outcome: delivered, throttled: false, seconds: 0.03)
        metrics.concluded(destination: "kannel", outcome: delivered, throttled: false, seconds: 0.03)
        metrics.requestsStarted(destination: "kannel", count: 3)
        metrics.requestEnded(destination: "kannel")
        metrics.scheduleLoaded(successfully: false, at: 1_700_000_000)
        metrics.failedOver(route: "carriers", from: "cm-gw", to: "agg-gw")
        metrics.failedOver(route: "carriers", from: "cm-gw", to: "agg-gw")
        let page = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(page.contains("# TYPE broadcastd_deliveries_total counter"))
        #expect(page.contains("# HELP broadcastd_deliveries_total Delivery attempts"))
        #expect(page.contains(#"broadcastd_deliveries_total{destination="kannel",outcome="delivered",reason="accepted"} 2"#), "\(page)")
        #expect(page.contains("# TYPE broadcastd_request_duration_seconds histogram"))
        #expect(page.contains(#"broadcastd_request_duration_seconds_bucket{destination="kannel",le="0.05"} 2"#), "\(page)")
        #expect(page.contains(#"broadcastd_requests_in_flight{destination="kannel"} 2"#), "\(page)")
        #expect(page.contains(#"broadcastd_config_reloads_total{result="failure"} 1"#), "\(page)")
        #expect(page.contains("broadcastd_config_last_reload_successful 0"), "\(page)")
        #expect(page.contains(#"broadcastd_failovers_total{route="carriers",from="cm-gw",to="agg-gw"} 2"#), "\(page)")
        #expect(page.contains(#"broadcastd_build_info{version="\#(MetricsCatalog.version)"} 1"#), "\(page)")
    }

    @Test(arguments: [
        (Outcome.Result.retry(at: 5, reason: "HTTP 429 from +8613800138000"), 429, false, "retrying", "http_429"),
        (.retry(at: 5, reason: "503"), 503, false, "retrying", "http_503"),
        (.retry(at: 5, reason: "502"), 502, false, "retrying", "http_5xx"),
        (.dead(reason: "HTTP 401"), 401, false, "dead", "http_4xx"),
        (.dead(reason: "connection refused"), nil, false, "dead", "transport"),
        (.retry(at: 5, reason: "queued for later"), 202, true, "retrying", "throttled"),
        (.dead(reason: "body said no"), 200, false, "dead", "refused"),
        (.skipped(.optedOut), nil, false, "skipped", "opted_out"),
        (.skipped(.capped), nil, false, "skipped", "capped"),
    ] as [(Outcome.Result, Int?, Bool, String, String)])
    func outcomeLabelsAreBoundedWords(result: Outcome.Result, status: Int?, throttled: Bool, outcome: String, reason: String) {
        let labels = DaemonMetrics.outcomeLabels(Outcome(delivery: 1, result: result, at: 0, httpStatus: status),
                                                 throttled: throttled)
        #expect(labels.outcome == outcome)
        #expect(labels.reason == reason)
    }

    @Test func reportRoutesNeverCarryTheToken() {
        let token = "0123456789abcdef0123"
        #expect(ReportRoutes.routeLabel(.init(method: .get, target: "/\(token)/kannel/dlr?to=%2B86138"), token: token) == "kannel_dlr")
        #expect(ReportRoutes.routeLabel(.init(method: .post, target: "/\(token)/jasmin/mo"), token: token) == "jasmin_mo")
        #expect(ReportRoutes.routeLabel(.init(method: .get, target: "/wrong-token-123456/kannel/dlr"), token: token) == "unknown")
        #expect(ReportRoutes.routeLabel(.init(method: .get, target: "/\(token)/\(token)/dlr"), token: token) == "unknown")
    }

    @Test func theReportListenerCountsAnswersByRouteAndStatus() async {
        let token = "0123456789abcdef0123"
        let metrics = DaemonMetrics()
        let handle = ReportService.counting({ request in
            .init(status: request.method == .get ? 200 : 404, body: "")
        }, token: token, in: metrics)
        _ = await handle(.init(method: .get, target: "/\(token)/kannel/dlr?to=%2B8617000000001"))
        _ = await handle(.init(method: .get, target: "/\(token)/kannel/dlr"))
        _ = await handle(.init(method: .post, target: "/guess/kannel/dlr"))
        let page = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(page.contains(#"broadcastd_report_requests_total{route="kannel_dlr",status="200"} 2"#), "\(page)")
        #expect(page.contains(#"broadcastd_report_requests_total{route="unknown",status="404"} 1"#), "\(page)")
        #expect(!page.contains(token) && !page.contains("8617000000001"))
    }

    @Test func servesOnlyGETMetrics() async {
        let handler = MetricsHandler(metrics: DaemonMetrics(), gauges: nil, logger: .init(label: "test"))
        let page = await handler.handle(.init(method: .get, target: "/metrics"))
        #expect(page.status == 200)
        #expect(page.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(page.body.contains("broadcastd_build_info"))
        #expect(await handler.handle(.init(method: .post, target: "/metrics")).status == 405)
        #expect(await handler.handle(.init(method: .get, target: "/")).status == 404)
        #expect(await handler.handle(.init(method: .get, target: "/metrics/x")).status == 404)
    }

    @Test func outboxGaugesCountTheLatestOccurrencePerMessage() {
        func part(_ destination: String, delivered: Int64, pending: Int64, paused: Bool = false) -> BroadcastStatus {
            var counts = StateCounts()
            counts.delivered = delivered
            counts.pending = pending
            return BroadcastStatus(id: 1, key: .init(campaign: "c", message: "m", occurrence: 0, region: "r", channel: "sms", audience: ""),
                                   destination: destination, dueAt: 0, startedAt: nil, state: .pending, reason: nil,
                                   paused: paused, total: delivered + pending, cursor: 0, duplicates: 1, counts: counts)
        }
        let latest = OccurrenceStatus(campaign: "c", message: "m", occurrence: 200, dueAt: 200,
                                      parts: [part("kannel", delivered: 7, pending: 3)])
        let older = OccurrenceStatus(campaign: "c", message: "m", occurrence: 100, dueAt: 100,
                                     parts: [part("kannel", delivered: 10, pending: 0)])
        let snapshot = OutboxSnapshot(
            now: 300, daemon: nil, recentAttempts: [],
            due: [.init(status: latest, closed: [ClosedCount(state: .skipped, reason: "opted out", count: 2)]),
                  .init(status: older, closed: [])],
            upcoming: [], destinations: [], destinationCounts: [], pauses: [], recentFailures: [], held: [])
        let values = OutboxGauges.values(snapshot)
        func value(_ entry: MetricsCatalog.Entry, _ labels: [String: String]) -> Double? {
            values[.init(name: entry.name, labels: labels)]
        }
        #expect(value(MetricsCatalog.broadcastDeliveries, ["campaign": "c", "message": "m", "state": "delivered"]) == 7)
        #expect(value(MetricsCatalog.broadcastSkipped, ["campaign": "c", "message": "m", "state": "skipped", "reason": "opted_out"]) == 2)
        #expect(value(MetricsCatalog.broadcastSkipped, ["campaign": "c", "message": "m", "state": "skipped", "reason": "duplicate"]) == 1)
        #expect(value(MetricsCatalog.backlog, ["destination": "kannel"]) == 3)
        #expect(value(MetricsCatalog.broadcasts, ["state": "sending"]) == 1)
        #expect(value(MetricsCatalog.broadcasts, ["state": "finished"]) == 1)
    }
}

extension DaemonMetricsTests {
    @Test func docsNameEveryMetric() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/observability.md"), encoding: .utf8)
        for entry in MetricsCatalog.all {
            #expect(docs.contains("| `\(entry.name)` | \(entry.kind.rawValue) |"), "docs/observability.md misses \(entry.name)")
        }
    }
}
