import Outbox

/// A gateway or endpoint as `status` shows it: the rate limit and error rate
/// the daemon last wrote, the error rate of its last minute in the log, and
/// what waits for it.
struct DestinationReport: Hashable, Sendable, Codable {
    var name: String
    var channel: String
    @JSONNullable var rateLimitPerSecond: Double? = nil
    /// As the delivery layer last reported it, 0…1.
    @JSONNullable var errorRate: Double? = nil
    @JSONNullable var updatedAt: Timestamp? = nil
    /// Since when the daemon has not served it (a reload removed it from broadcastd.conf);
    /// what waits for it is held until a reload brings it back.
    @JSONNullable var unservedSince: Timestamp? = nil
    /// Attempts logged in the last minute, and the share of them that failed (0…1, nil without attempts).
    var recentAttempts: Int64
    @JSONNullable var recentErrorRate: Double? = nil
    /// Lifetime counters kept by `record`.
    var delivered: Int64
    var failed: Int64
    /// Recorded deliveries of a route that failed over away from this gateway,
    /// and that failed over to it and ended here (lifetime counters too).
    var failedOverFrom: Int64 = 0
    var failedOverTo: Int64 = 0
    /// Deliveries through it by state, over every broadcast.
    var counts: StateCounts
    /// What delivery reports say of the SMS it accepted; nil for a webhook endpoint.
    @JSONNullable var handset: HandsetReport? = nil

    /// Nothing waiting, nothing dead, no attempt in the last minute.
    var isIdle: Bool { counts.unfinished == 0 && counts.dead == 0 && recentAttempts == 0 }

    static func merge(records: [DestinationRecord], counts: [DestinationCounts],
                      recent: [RecentAttempts]) -> [DestinationReport] {
        var reports: [String: DestinationReport] = [:]
        func entry(_ name: String, _ channel: String) -> DestinationReport {
            reports[name] ?? DestinationReport(name: name, channel: channel, recentAttempts: 0, delivered: 0, failed: 0,
                                               counts: StateCounts())
        }
        for record in records {
            var report = entry(record.name, record.channel)
            report.rateLimitPerSecond = record.ratePerSecond
            report.errorRate = record.errorRate
            report.updatedAt = record.updatedAt.map(Timestamp.init)
            report.unservedSince = record.unservedSince.map(Timestamp.init)
            report.delivered = record.delivered
            report.failed = record.failed
            report.failedOverFrom = record.failedOverFrom
            report.failedOverTo = record.failedOverTo
            reports[record.name] = report
        }
        for total in counts {
            var report = entry(total.destination, total.channel)
            report.counts = total.counts
            if total.channel == "sms" { report.handset = HandsetReport(total.handset, accepted: total.counts.delivered, unknown: nil) }
            reports[total.destination] = report
        }
        var failures: [String: Int64] = [:]
        for attempts in recent where attempts.outcome != .skipped {
            guard var report = reports[attempts.destination] else { continue }
            report.recentAttempts += attempts.count
            reports[attempts.destination] = report
            if attempts.outcome == .retrying || attempts.outcome == .dead { failures[attempts.destination, default: 0] += attempts.count }
        }
        return reports.values.map { report in
            var report = report
            if report.recentAttempts > 0 {
                report.recentErrorRate = Double(failures[report.name] ?? 0) / Double(report.recentAttempts)
            }
            return report
        }.sorted { ($0.channel, $0.name) < ($1.channel, $1.name) }
    }
}
