import Delivery
import Foundation
import Metrics
import Outbox
import Prometheus

/// What the daemon's services record as things happen, through swift-metrics
/// into one swift-prometheus registry that `/metrics` renders. One instance
/// per daemon (no global bootstrap, so tests make as many as they like); the
/// services take it as an optional and record nothing without it.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: CatalogMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = CatalogMetricsFactory(registry: registry)
        gauge(MetricsCatalog.buildInfo, ["version": MetricsCatalog.version]).record(1)
        // Series that exist from the start, so `increase()` sees their first event.
        for result in ["success", "failure"] { counter(MetricsCatalog.reloads, ["result": result]).increment(by: 0) }
        for source in [OptOut.reportSource, ReportDecision.replySource] { counter(MetricsCatalog.optOuts, ["source": source]).increment(by: 0) }
    }

    /// The page Prometheus scrapes, in its text format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    // MARK: Dispatch

    /// One finished attempt: its outcome and, when a request was made, how long it took.
    func concluded(destination: String, outcome: Outcome, throttled: Bool, seconds: Double?) {
        let labels = Self.outcomeLabels(outcome, throttled: throttled)
        counter(MetricsCatalog.deliveries, ["destination": destination, "outcome": labels.outcome, "reason": labels.reason])
            .increment()
        if let seconds, outcome.result.wasAttempted {
            Metrics.Timer(label: MetricsCatalog.requestDuration.name, dimensions: [("destination", destination)],
                          factory: factory).recordNanoseconds(Int64((seconds * 1e9).rounded()))
        }
    }

    /// A route moved a delivery on; the labels are names from the config, so bounded.
    func failedOver(route: String, from: String, to: String) {
        counter(MetricsCatalog.failovers, ["route": route, "from": from, "to": to]).increment()
    }

    func requestsStarted(destination: String, count: Int) {
        meter(MetricsCatalog.inFlight, destination).increment(by: Double(count))
    }

    func requestEnded(destination: String) {
        meter(MetricsCatalog.inFlight, destination).decrement()
    }

    func configuredRates(_ destinations: some Sequence<Destination>) {
        for destination in destinations {
            // The slowest bucket is the pace a long broadcast settles at.
            guard let perSecond = destination.rateLimit.buckets.map(\.perSecond).min() else { continue }
            gauge(MetricsCatalog.configuredRate, ["destination": destination.name, "channel": destination.kind.metricsChannel])
                .record(perSecond)
        }
    }

    func publishedRates(_ rates: [DestinationRate]) {
        for rate in rates {
            // Not limited: +Inf, which Prometheus reads and compares like any number.
            gauge(MetricsCatalog.currentRate, ["destination": rate.name, "channel": rate.channel])
                .record(rate.perSecond ?? .infinity)
        }
    }

    // MARK: Listener, opt-outs, reloads, heartbeat

    func optedOut(source: String) {
        counter(MetricsCatalog.optOuts, ["source": source]).increment()
    }

    /// `outcome`: a `HandsetOutcome`'s word, or `unmatched`.
    func handsetReport(destination: String, outcome: String) {
        counter(MetricsCatalog.handsetOutcomes, ["destination": destination, "outcome": outcome]).increment()
    }

    func reportRequest(route: String, status: Int) {
        counter(MetricsCatalog.reportRequests, ["route": route, "status": "\(status)"]).increment()
    }

    /// A schedule load at start (`counted: false`) or a reload.
    func scheduleLoaded(successfully: Bool, at seconds: Int64, counted: Bool = true) {
        if counted {
            counter(MetricsCatalog.reloads, ["result": successfully ? "success" : "failure"]).increment()
        }
        gauge(MetricsCatalog.lastReloadSuccessful, [:]).record(successfully ? 1 : 0)
        if successfully { gauge(MetricsCatalog.lastReloadSuccess, [:]).record(Double(seconds)) }
    }

    func heartbeat(at seconds: Int64) {
        gauge(MetricsCatalog.heartbeat, [:]).record(Double(seconds))
    }

    /// Whether the latest outbox call worked (PostgreSQL gone, a full disk: 0).
    func outbox(up: Bool) {
        gauge(MetricsCatalog.outboxUp, [:]).record(up ? 1 : 0)
    }

    // MARK: Labels

    /// `outcome` is the delivery state; `reason` a short fixed word, never the
    /// peer's free text (which could hold anything, a number included).
    static func outcomeLabels(_ outcome: Outcome, throttled: Bool) -> (outcome: String, reason: String) {
        switch outcome.result {
        case .delivered: return ("delivered", "accepted")
        case .skipped(let reason): return ("skipped", Self.reasonLabel(reason.rawValue))
        case .retry, .dead:
            let state = outcome.result.state.name
            switch outcome.httpStatus {
            case nil: return (state, throttled ? "throttled" : "transport")
            case 429?: return (state, "http_429")
            case 503?: return (state, "http_503")
            case let status? where status >= 500: return (state, "http_5xx")
            case let status? where status >= 400: return (state, "http_4xx")
            default: return (state, throttled ? "throttled" : "refused")
            }
        }
    }

    /// `opted out` → `opted_out`, `in-flight` → `in_flight`: label values are free text to Prometheus, but
    /// one spelling without blanks reads better in PromQL.
    static func reasonLabel(_ text: String) -> String {
        text.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    // MARK: Handles

    func counter(_ entry: MetricsCatalog.Entry, _ labels: [String: String]) -> Metrics.Counter {
        Metrics.Counter(label: entry.name, dimensions: Self.dimensions(entry, labels), factory: factory)
    }

    func gauge(_ entry: MetricsCatalog.Entry, _ labels: [String: String]) -> Recorder {
        Recorder(label: entry.name, dimensions: Self.dimensions(entry, labels), aggregate: false, factory: factory)
    }

    private func meter(_ entry: MetricsCatalog.Entry, _ destination: String) -> Meter {
        Meter(label: entry.name, dimensions: [("destination", destination)], factory: factory)
    }

    /// The entry's labels in its order; a label it does not declare is a programming error.
    static func dimensions(_ entry: MetricsCatalog.Entry, _ labels: [String: String]) -> [(String, String)] {
        precondition(Set(labels.keys) == Set(entry.labels), "\(entry.name) takes the labels \(entry.labels), not \(labels.keys.sorted())")
        return entry.labels.map { ($0, labels[$0]!) }
    }
}

extension Destination.Kind {
    /// The channel the dispatcher publishes its rates under (as `DestinationRate.channel`).
    var metricsChannel: String { self == .gateway ? "sms" : "webhook" }
}
