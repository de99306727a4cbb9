import NIOCore

/// How many refused callbacks get a log line of their own, as a pure machine over
/// the caller's clock: a token bucket. The first `burst` refusals are logged one
/// by one, then one more per `refill`; the rest are counted by kind, and a summary
/// ("N more refused report callbacks in the last minute") is due `summaryInterval`
/// after the first one held back. A gateway stuck on a wrong token, or a scanner,
/// then costs a few lines a minute instead of one line per request.
struct RefusalLimiter {
    struct Settings: Sendable {
        var burst = 10
        var refill: TimeAmount = .seconds(6)
        var summaryInterval: TimeAmount = .minutes(1)
    }

    enum Verdict: Hashable {
        case log
        /// Counted for the summary; `summaryAt` when the summary timer is to be armed for it.
        case held(summaryAt: NIODeadline?)
    }

    struct Summary: Hashable {
        var count: Int
        var byKind: [String: Int]

        /// `not found: 4980, malformed: 15`: the largest first.
        var kinds: String {
            byKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }

    let settings: Settings
    private var tokens: Int
    private var refilledAt: NIODeadline
    private var held: [String: Int] = [:]
    private var summaryAt: NIODeadline?

    init(settings: Settings = Settings(), now: NIODeadline) {
        self.settings = settings
        tokens = settings.burst
        refilledAt = now
    }

    mutating func refused(kind: String, now: NIODeadline) -> Verdict {
        refill(now: now)
        if tokens > 0 {
            tokens -= 1
            return .log
        }
        held[kind, default: 0] += 1
        guard summaryAt == nil else { return .held(summaryAt: nil) }
        summaryAt = now + settings.summaryInterval
        return .held(summaryAt: summaryAt)
    }

    /// The refusals held back, once their summary is due; nil before, or when there are none.
    mutating func summary(now: NIODeadline) -> Summary? {
        guard let summaryAt, now >= summaryAt, !held.isEmpty else { return nil }
        let summary = Summary(count: held.values.reduce(0, +), byKind: held)
        held = [:]
        self.summaryAt = nil
        return summary
    }

    private mutating func refill(now: NIODeadline) {
        let periods = Int((now - refilledAt).nanoseconds / max(1, settings.refill.nanoseconds))
        guard periods > 0 else { return }
        tokens = min(settings.burst, tokens + periods)
        refilledAt = refilledAt + .nanoseconds(Int64(periods) * settings.refill.nanoseconds)
    }
}
