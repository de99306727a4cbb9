import DispatchRules
import Outbox
import Schedule

/// `FinishEstimate` (shared with the daemon's status page) as `status --json` writes it.
struct FinishProjection: Hashable, Sendable, Codable {
    /// While every unfinished part is inside a quiet window: when the first may send again.
    @JSONNullable var quietUntil: Timestamp? = nil
    /// The destination whose queue ends last, and its configured rate.
    var boundBy: String
    var limitPerSecond: Double
    /// When the last unfinished delivery goes out at those rates, quiet hours skipped.
    var finishAt: Timestamp

    /// nil when the campaign or every destination's rate is unknown, or nothing is left.
    init?(_ status: OccurrenceStatus, campaign: Campaign?, rates: [String: Double], now: Int64) {
        guard let estimate = FinishEstimate(status, campaign: campaign, rates: rates, now: now) else { return nil }
        quietUntil = estimate.quietUntil.map(Timestamp.init)
        boundBy = estimate.boundBy
        limitPerSecond = estimate.limitPerSecond
        finishAt = Timestamp(estimate.finishAt)
    }
}
