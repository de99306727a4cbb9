import Outbox
import Schedule

/// Why a broadcast is slow and when it ends, from the same model the rehearsal
/// uses: each destination sends at the rate it is configured for (as the daemon
/// last wrote it) and a channel sends nothing through its campaign's quiet
/// windows (`QuietHours`, which the dispatcher obeys). The last minute's rate
/// said "38 s to finish" for a broadcast held until 08:00 behind a 1/s gateway.
/// Here, not in Control, so `broadcastctl status` and the daemon's status page
/// project alike from one piece of code.
public struct FinishEstimate: Hashable, Sendable {
    /// While every unfinished part is inside a quiet window: when the first may send again.
    public var quietUntil: Int64?
    /// The destination whose queue ends last, and its configured rate.
    public var boundBy: String
    public var limitPerSecond: Double
    /// When the last unfinished delivery goes out at those rates, quiet hours skipped.
    public var finishAt: Int64

    /// nil when the campaign or every destination's rate is unknown, or nothing is left.
    public init?(_ status: OccurrenceStatus, campaign: Campaign?, rates: [String: Double], now: Int64) {
        guard let campaign, var hours = QuietHours(campaign: campaign) else { return nil }
        let open = status.parts.filter { $0.counts.unfinished > 0 && !$0.paused }
        guard !open.isEmpty else { return nil }
        var resumes: [Int64?] = []
        var latest: (name: String, rate: Double, end: Int64)?
        // Parts through one destination share its rate: their deliveries queue one after another.
        for (name, parts) in Dictionary(grouping: open, by: \.destination) {
            guard let channel = Channel(rawValue: parts[0].key.channel) else { return nil }
            let start = max(now, parts.map(\.dueAt).min() ?? now)
            let resume = hours.resumeTime(for: channel, at: start)
            resumes.append(resume)
            // No rate written (an endpoint without `rate`): bound by its latency, not a limit; not the bottleneck.
            guard let rate = rates[name] else { continue }
            let sends = parts.reduce(0) { $0 + $1.counts.unfinished }
            guard let end = hours.finish(for: channel, from: resume ?? start, sends: sends, perSecond: rate) else { return nil }
            if latest.map({ end > $0.end }) ?? true { latest = (name, rate, end) }
        }
        guard let latest else { return nil }
        let held = resumes.compactMap { $0 }
        quietUntil = held.count == resumes.count ? held.min() : nil
        boundBy = latest.name
        limitPerSecond = latest.rate
        finishAt = latest.end
    }
}

extension OutboxSnapshot {
    /// The rate each destination was last configured with, by name (absent: unlimited).
    public var configuredRates: [String: Double] {
        destinations.reduce(into: [String: Double]()) { $0[$1.name] = $1.ratePerSecond }
    }
}

extension StateCounts {
    /// Pending, in flight and retrying: what is still to be sent.
    public var unfinished: Int64 { pending + inFlight + retrying }
}
