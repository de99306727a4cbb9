import Outbox
import Schedule

/// One occurrence of one message (what an operator calls a broadcast) over all
/// its regions, channels and audiences, as `status` shows it.
struct OccurrenceReport: Hashable, Sendable, Codable {
    enum State: String, Hashable, Sendable, Codable {
        /// Due later, nothing sent yet.
        case scheduled
        /// Due, nothing leased yet (the daemon is down, busy or in quiet hours).
        case due
        case running
        case paused
        /// Nothing left to send (dead deliveries may remain: `retry` brings them back).
        case finished
        case cancelled
        case skipped
    }

    struct Closed: Hashable, Sendable, Codable {
        /// cancelled or skipped
        var state: String
        var reason: String
        var count: Int64
    }

    var campaign: String
    var message: String
    var occurrence: Timestamp
    var dueAt: Timestamp
    @JSONNullable var startedAt: Timestamp? = nil
    var state: State
    /// Region × channel × audience parts.
    var parts: Int
    /// The recipients of every part; nil while a list of unknown length is read.
    @JSONNullable var total: Int64? = nil
    var counts: StateCounts
    /// List positions not sent because their number was already sent to in
    /// this occurrence (on a deeper region's list, or earlier in the same
    /// list): with `counts`, they add up to `total`.
    var duplicates: Int64
    /// Cancelled and skipped deliveries by reason.
    var closed: [Closed]
    /// Delivered per second over the last minute, while unfinished.
    @JSONNullable var ratePerSecond: Double? = nil
    /// Delivered per second since the first lease, while unfinished.
    @JSONNullable var averageRatePerSecond: Double? = nil
    /// Until the projected finish when there is one, else unfinished deliveries divided
    /// by the recent rate; nil when not running or not exact.
    @JSONNullable var secondsToFinish: Int64? = nil
    /// Held by quiet hours, the destination that bounds it, and its finish at the
    /// configured rates (`FinishProjection`); nil without the campaign's schedule or a rate.
    @JSONNullable var projection: FinishProjection? = nil
    /// What delivery reports say of its SMS; nil when it sends none.
    @JSONNullable var handset: HandsetReport? = nil

    /// Delivered, dead, cancelled or skipped, as a share of all recipients.
    var doneFraction: Double? {
        guard let total, total > 0 else { return nil }
        return Double(total - counts.unfinished) / Double(total)
    }

    /// Over how long the recent rate is measured.
    static let rateWindowSeconds: Int64 = 60

    init(_ status: OccurrenceStatus, closed: [ClosedCount], recentlyDelivered: Int64, now: Int64,
         schedule: Campaign? = nil, rates: [String: Double] = [:]) {
        campaign = status.campaign
        message = status.message
        occurrence = Timestamp(status.occurrence)
        dueAt = Timestamp(status.dueAt)
        let started = status.parts.compactMap(\.startedAt).min()
        startedAt = started.map(Timestamp.init)
        parts = status.parts.count
        total = status.isExact ? status.parts.reduce(0) { $0 + ($1.total ?? 0) } : nil
        counts = status.counts
        duplicates = status.duplicates
        self.closed = closed.map { Closed(state: $0.state.name, reason: $0.reason, count: $0.count) }
        state = Self.state(of: status, started: started != nil, now: now)
        handset = HandsetReport(status, now: now)
        if state != .paused, status.isExact { projection = FinishProjection(status, campaign: schedule, rates: rates, now: now) }
        if (state == .running || state == .due), let projection { secondsToFinish = max(0, projection.finishAt.seconds - now) }
        guard state == .running || state == .paused, let started else { return }
        let elapsed = max(1, now - started)
        averageRatePerSecond = Double(counts.delivered) / Double(elapsed)
        let rate = Double(recentlyDelivered) / Double(min(OccurrenceReport.rateWindowSeconds, elapsed))
        ratePerSecond = rate
        if state == .running, status.isExact, rate > 0, projection == nil {
            secondsToFinish = Int64((Double(counts.unfinished) / rate).rounded(.up))
        }
    }

    private static func state(of status: OccurrenceStatus, started: Bool, now: Int64) -> State {
        let open = status.parts.contains { $0.state == .pending }
        if status.counts.unfinished > 0 || (open && !status.isExact) {
            if status.paused { return .paused }
            if started { return .running }
            return status.dueAt > now ? .scheduled : .due
        }
        if status.parts.allSatisfy({ $0.state == .cancelled }) { return .cancelled }
        if status.parts.allSatisfy({ $0.state == .skipped }) { return .skipped }
        return .finished
    }
}
