/// How long to wait before the next attempt.
public enum Backoff: Hashable, Sendable {
    /// Fixed steps, the n-th retry waits `steps[n-1]` (the last step repeats),
    /// each spread by ±`jitter` (a fraction) so deliveries that failed together do
    /// not all come back in the same second.
    case schedule(steps: [Double], jitter: Double)
    /// The n-th retry waits a uniformly random time between `floor` and
    /// min(`ceiling`, `floor` × 2ⁿ): exponential backoff with full jitter.
    case exponential(floor: Double, ceiling: Double)

    /// Standard Webhooks' schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    /// (The first attempt is not a retry, so the steps start at 5 s.)
    public static let standardWebhooks = Backoff.schedule(
        steps: [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600], jitter: 0.1)

    /// Delay before retry number `retry` (1 for the first retry).
    func delay(retry: Int, random: inout some RandomNumberGenerator) -> Double {
        precondition(retry >= 1, "retries count from 1")
        switch self {
        case .schedule(let steps, let jitter):
            guard let step = steps.isEmpty ? nil : steps[min(retry, steps.count) - 1], step > 0 else { return 0 }
            return jitter > 0 ? Double.random(in: step * (1 - jitter)...step * (1 + jitter), using: &random) : step
        case .exponential(let floor, let ceiling):
            // 2^62 already dwarfs any ceiling; the cap keeps the power finite.
            let top = min(ceiling, floor * Double(sign: .plus, exponent: min(retry, 62), significand: 1))
            return top > floor ? Double.random(in: floor...top, using: &random) : floor
        }
    }
}
