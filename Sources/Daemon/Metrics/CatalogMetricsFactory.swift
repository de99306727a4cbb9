import Metrics
import Prometheus

/// swift-metrics' factory over swift-prometheus' registry that gives each
/// metric the help text and buckets of its `MetricsCatalog` entry.
/// `PrometheusMetricsFactory` registers every metric without help, and
/// `promtool check metrics` (and an operator reading the page) wants it.
/// A name missing from the catalog is a programming error: it traps.
struct CatalogMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    private func entry(_ label: String) -> MetricsCatalog.Entry {
        guard let entry = MetricsCatalog.byName[label] else {
            preconditionFailure("metric '\(label)' is not in MetricsCatalog: add it there (and to docs/observability.md)")
        }
        return entry
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: entry(label).help)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: entry(label).help)
    }

    /// Only gauges: the daemon's histograms are timers.
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        precondition(!aggregate, "'\(label)': record durations with a Timer; a Recorder here is a gauge")
        return registry.makeGauge(name: label, labels: dimensions, help: entry(label).help)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(name: label, labels: dimensions, help: entry(label).help)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(name: label, labels: dimensions, buckets: MetricsCatalog.durationBuckets,
                                       help: entry(label).help)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
