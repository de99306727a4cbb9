import Outbox

/// What delivery reports say of the SMS a gateway accepted (`delivered` in
/// `counts`): how many reached handsets, failed there, were rejected or
/// expired, and how many have no report. In `status` per broadcast and per
/// gateway; nil where nothing went by SMS.
struct HandsetReport: Hashable, Sendable, Codable {
    var delivered: Int64
    var failed: Int64
    var rejected: Int64
    var expired: Int64
    /// Accepted by the gateway, no report yet.
    var noReport: Int64
    /// Of `noReport`, those whose broadcast was due more than 48 h ago
    /// (`HandsetOutcome.reportWaitSeconds`): their report will not come. nil for
    /// a gateway, whose broadcasts were due at different times.
    @JSONNullable var unknown: Int64? = nil
    /// `delivered` as a share of the SMS the gateway accepted (0…1); nil when it accepted none.
    @JSONNullable var deliveredShare: Double? = nil

    init(_ counts: HandsetCounts, accepted: Int64, unknown: Int64?) {
        delivered = counts.delivered
        failed = counts.failed
        rejected = counts.rejected
        expired = counts.expired
        noReport = max(0, accepted - counts.reported)
        self.unknown = unknown
        deliveredShare = accepted > 0 ? Double(counts.delivered) / Double(accepted) : nil
    }

    var hasReports: Bool { delivered + failed + rejected + expired > 0 }

    /// `8 of 10 reached handsets (80%) · failed 1 · no report yet 1`.
    var summary: String {
        let accepted = delivered + failed + rejected + expired + noReport
        var items = ["\(Display.count(delivered)) of \(Display.count(accepted)) reached handsets"
                     + (deliveredShare.map { " (\(Display.percent($0)))" } ?? "")]
        for (word, count) in [("failed", failed), ("rejected", rejected), ("expired", expired)] where count > 0 {
            items.append("\(word) \(Display.count(count))")
        }
        let waiting = noReport - (unknown ?? 0)
        if waiting > 0 { items.append("no report yet \(Display.count(waiting))") }
        if let unknown, unknown > 0 { items.append("unknown (no report in 48h) \(Display.count(unknown))") }
        return items.joined(separator: " · ")
    }

    /// For a gateway's table cell: `80% of 10`, or `-` before any report.
    var cell: String {
        guard let deliveredShare, hasReports else { return "-" }
        return "\(Display.percent(deliveredShare)) of \(Display.count(delivered + failed + rejected + expired + noReport))"
    }
}

extension HandsetReport {
    /// An occurrence's SMS parts; nil when it has none.
    init?(_ status: OccurrenceStatus, now: Int64) {
        let sms = status.parts.filter { $0.key.channel == "sms" }
        guard !sms.isEmpty else { return nil }
        let unreported = OccurrenceStatus(campaign: status.campaign, message: status.message, occurrence: status.occurrence,
                                          dueAt: status.dueAt, parts: sms).unreported(now: now)
        self.init(sms.reduce(HandsetCounts()) { $0 + $1.handset }, accepted: sms.reduce(0) { $0 + $1.counts.delivered },
                  unknown: unreported.unknown)
    }
}
