/// When a delivery is tried again and when it is given up: after `attempts`
/// attempts, or when the next one would start later than `maxAge` after the first
/// (config: `retry 10 attempts within 24h`). Pure: the caller passes the clock and
/// the random source, and keeps the two numbers of state (attempts made, time of
/// the first) in the outbox.
public struct RetryPolicy: Hashable, Sendable {
    public var attempts: Int
    /// Seconds from the first attempt.
    public var maxAge: Double
    public var backoff: Backoff

    public init(attempts: Int, maxAge: Double, backoff: Backoff = .standardWebhooks) {
        precondition(attempts >= 1 && maxAge >= 0, "a policy allows at least one attempt")
        self.attempts = attempts
        self.maxAge = maxAge
        self.backoff = backoff
    }

    /// Standard Webhooks: 8 attempts over about 28 hours (the window leaves room for jitter).
    public static let standard = RetryPolicy(attempts: 8, maxAge: 32 * 3600)

    /// What to do after attempt number `attemptsMade` (1 for the first) ended in `verdict`.
    /// A peer's Retry-After longer than the computed delay wins.
    public func next(after verdict: Verdict, attemptsMade: Int, firstAttemptAt: Double, now: Double,
                     random: inout some RandomNumberGenerator) -> RetryAction {
        switch verdict {
        case .delivered:
            return .delivered
        case .permanent(let reason), .unsubscribed(let reason):
            return .giveUp(reason: reason)
        case .retry(let reason, let retryAfter):
            guard attemptsMade < attempts else {
                return .giveUp(reason: "\(reason) (\(attemptsMade) attempts)")
            }
            let delay = max(backoff.delay(retry: attemptsMade, random: &random), retryAfter ?? 0)
            let at = now + delay
            guard at - firstAttemptAt <= maxAge else {
                return .giveUp(reason: "\(reason) (retry window of \(Verdict.shortSeconds(maxAge)) over)")
            }
            return .retry(at: at)
        }
    }
}

/// The outcome of one attempt for the outbox.
public enum RetryAction: Hashable, Sendable {
    case delivered
    /// Try again at this time (seconds, same clock as `now`).
    case retry(at: Double)
    /// Record as failed with this reason.
    case giveUp(reason: String)
}
