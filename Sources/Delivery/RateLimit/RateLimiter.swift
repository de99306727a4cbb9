/// Paces one gateway or endpoint: token buckets, a cap on transfers in flight,
/// and adaptive slowing after throttle answers. A pure state machine: the caller
/// passes a monotonic clock in seconds, asks `decide`, and reports `started` and
/// `finished`; tests drive it with a test clock.
public struct RateLimiter: Sendable {
    public enum Decision: Hashable, Sendable {
        case send
        /// Tokens are short; ask again at this time (it may be earlier once the rate recovers).
        case wait(until: Double)
        /// The in-flight cap is reached; ask again when a transfer finishes.
        case waitForTransfer
    }

    public let limit: RateLimit
    private var tokens: [Double]
    private var refilledAt: Double
    private var fraction: RateFraction
    public private(set) var inFlight = 0

    /// Buckets start full: a quiet destination may take its burst at once.
    public init(limit: RateLimit, slowing: AdaptiveSlowing = .standard, now: Double) {
        self.limit = limit
        self.tokens = limit.buckets.map { Double($0.burst) }
        self.refilledAt = now
        self.fraction = RateFraction(settings: slowing)
    }

    /// The fraction of the configured rate currently allowed (1 unless throttled).
    public func rateFraction(at now: Double) -> Double { fraction.at(now) }

    public func decide(now: Double) -> Decision {
        if let cap = limit.concurrency, inFlight >= cap { return .waitForTransfer }
        let available = tokens(at: now)
        var until = now
        for (bucket, have) in zip(limit.buckets, available) where have < 1 {
            until = max(until, now + (1 - have) / (bucket.perSecond * fraction.at(now)))
        }
        return until > now ? .wait(until: until) : .send
    }

    /// Takes a token from every bucket; call when `decide` said `.send`.
    public mutating func started(now: Double) {
        refill(to: now)
        tokens = tokens.map { $0 - 1 }
        inFlight += 1
    }

    /// `throttled`: the answer was a throttle (`Verdict.isThrottle`), which slows this
    /// destination unless the transfer began before the last slowdown (`startedAt`).
    public mutating func finished(throttled: Bool, startedAt: Double, now: Double) {
        precondition(inFlight > 0, "finished without started")
        inFlight -= 1
        if throttled {
            refill(to: now)
            fraction.throttle(at: now, transferStartedAt: startedAt)
        }
    }

    /// The same destination under a new limit (a reload changed its rate or
    /// concurrency): the transfers in flight still count against the new cap,
    /// the slowing after a throttle carries on, and the buckets hold no more
    /// than what was left, so a reload is never a fresh burst.
    public func reconfigured(to limit: RateLimit, now: Double) -> RateLimiter {
        var next = RateLimiter(limit: limit, now: now)
        let left = tokens(at: now).min() ?? 0
        next.tokens = limit.buckets.map { min(Double($0.burst), left) }
        next.fraction = fraction
        next.inFlight = inFlight
        return next
    }

    private func tokens(at now: Double) -> [Double] {
        let earned = fraction.integral(from: refilledAt, to: now)
        return zip(limit.buckets, tokens).map { bucket, have in
            min(Double(bucket.burst), have + earned * bucket.perSecond)
        }
    }

    private mutating func refill(to now: Double) {
        guard now > refilledAt else { return }
        tokens = tokens(at: now)
        refilledAt = now
    }
}
