import Metrics
import Outbox

/// The gauges read from the outbox when Prometheus scrapes: per-broadcast and
/// per-destination delivery counts, the backlog due now, broadcasts by state.
///
/// Why gauges read from the outbox and not counters kept in memory: the outbox
/// knows them exactly across restarts (a counter would start at 0 with each
/// process and miss what a previous run delivered, or what capping and
/// de-duplication closed inside the outbox), and they are the very figures
/// `broadcastctl status --json` shows. What only this process sees (attempts,
/// reasons, durations) is counted in `DaemonMetrics` instead.
///
/// One read snapshot per refresh, at most one refresh a second however often
/// the page is fetched; a failed read keeps the previous values and is
/// visible as a stale `broadcastd_heartbeat_timestamp_seconds` alongside.
actor OutboxGauges {
    /// Occurrences read, due and upcoming each: bounds the scrape's cost.
    static let occurrences = 200

    private let outbox: any StatusOutbox
    private let metrics: DaemonMetrics
    private let now: @Sendable () -> Int64
    private var refreshedAt: Int64?
    /// The series written by the last refresh, so one that disappears is removed rather than left stale.
    private var written: Set<Series> = []

    struct Series: Hashable {
        var name: String
        var labels: [String: String]
    }

    init(outbox: any StatusOutbox, metrics: DaemonMetrics, now: @escaping @Sendable () -> Int64) {
        self.outbox = outbox
        self.metrics = metrics
        self.now = now
    }

    func refresh() async throws {
        let now = now()
        if let refreshedAt, refreshedAt == now { return }
        let query = StatusQuery(now: { _ in now }, rateWindowSeconds: 60, broadcasts: Self.occurrences,
                                upcoming: Self.occurrences, failures: 0)
        let snapshot = try await outbox.status(query)
        refreshedAt = now
        apply(Self.values(snapshot))
    }

    private func apply(_ values: [Series: Double]) {
        for (series, value) in values {
            metrics.gauge(MetricsCatalog.byName[series.name]!, series.labels).record(value)
        }
        for gone in written.subtracting(values.keys) {
            metrics.gauge(MetricsCatalog.byName[gone.name]!, gone.labels).destroy()
        }
        written = Set(values.keys)
    }

    /// Every value a snapshot gives, by series: pure, so the tests read it directly.
    static func values(_ snapshot: OutboxSnapshot) -> [Series: Double] {
        var values: [Series: Double] = [:]
        func set(_ entry: MetricsCatalog.Entry, _ labels: [String: String], _ value: Int64, adding: Bool = false) {
            let series = Series(name: entry.name, labels: labels)
            values[series] = (adding ? values[series] ?? 0 : 0) + Double(value)
        }
        // The latest occurrence of each message due by now (`due` is latest first).
        var seen: Set<[String]> = []
        for occurrence in snapshot.due where seen.insert([occurrence.status.campaign, occurrence.status.message]).inserted {
            let status = occurrence.status
            let labels = ["campaign": status.campaign, "message": status.message]
            for state in DeliveryState.allCases {
                set(MetricsCatalog.broadcastDeliveries, labels.merging(["state": DaemonMetrics.reasonLabel(state.name)]) { $1 }, status.counts[state])
            }
            for closed in occurrence.closed {
                set(MetricsCatalog.broadcastSkipped, labels.merging(["state": DaemonMetrics.reasonLabel(closed.state.name),
                                                                     "reason": DaemonMetrics.reasonLabel(closed.reason)]) { $1 },
                    closed.count, adding: true)
            }
            if status.duplicates > 0 {
                set(MetricsCatalog.broadcastSkipped, labels.merging(["state": "skipped", "reason": "duplicate"]) { $1 },
                    status.duplicates, adding: true)
            }
        }
        var byState = ["upcoming": Int64(snapshot.upcoming.count), "sending": 0, "paused": 0, "finished": 0]
        var backlog: [String: Int64] = [:]
        for destination in snapshot.destinationCounts { backlog[destination.destination] = 0 }
        for occurrence in snapshot.due {
            let status = occurrence.status
            let waiting = status.counts.pending + status.counts.inFlight + status.counts.retrying
            let state = status.paused ? "paused" : waiting > 0 ? "sending" : "finished"
            byState[state, default: 0] += 1
            for part in status.parts where !part.paused {
                backlog[part.destination, default: 0] += part.counts.pending + part.counts.retrying
            }
        }
        for (state, count) in byState { set(MetricsCatalog.broadcasts, ["state": state], count) }
        for (destination, count) in backlog { set(MetricsCatalog.backlog, ["destination": destination], count) }
        for total in snapshot.destinationCounts {
            for state in DeliveryState.allCases {
                set(MetricsCatalog.destinationDeliveries,
                    ["destination": total.destination, "channel": total.channel, "state": DaemonMetrics.reasonLabel(state.name)], total.counts[state])
            }
        }
        return values
    }
}
