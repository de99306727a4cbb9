import LineLanguage
@testable import Delivery
import Testing

struct RetryPolicyTests {
    static let failure = Verdict.retry(reason: "http 503", after: nil)

    /// Walks a delivery that always fails and returns the attempt times.
    static func attemptTimes(_ policy: RetryPolicy, verdict: Verdict = failure, seed: UInt64 = 1,
                             latency: Double = 0) -> (times: [Double], last: RetryAction) {
        var random = SeededGenerator(seed: seed)
        var times: [Double] = [0]
        while true {
            let action = policy.next(after: verdict, attemptsMade: times.count, firstAttemptAt: 0,
                                     now: times.last! + latency, random: &random)
            guard case .retry(let at) = action else { return (times, action) }
            times.append(at)
        }
    }

    @Test func standardScheduleFollowsStandardWebhooksWithinJitter() {
        let (times, last) = Self.attemptTimes(.standard)
        let nominal: [Double] = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000]
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(times.count == 8)
        for (gap, step) in zip(gaps, nominal.dropFirst()) {
            #expect(gap >= step * 0.9 && gap <= step * 1.1, "gap \(gap) for step \(step)")
        }
        #expect(last == .giveUp(reason: "http 503 (8 attempts)"))
    }

    @Test func jitterSpreadsDeliveriesThatFailedTogether() {
        let a = Self.attemptTimes(.standard, seed: 1).times, b = Self.attemptTimes(.standard, seed: 2).times
        #expect(a[2] != b[2])
        #expect(Self.attemptTimes(.standard, seed: 7).times == Self.attemptTimes(.standard, seed: 7).times)
    }

    @Test func exponentialBackoffStaysBetweenFloorAndADoublingCeiling() {
        let policy = RetryPolicy(attempts: 40, maxAge: 1e9, backoff: .exponential(floor: 2, ceiling: 600))
        var random = SeededGenerator(seed: 42)
        for retry in 1...39 {
            var samples: [Double] = []
            for _ in 0..<200 {
                guard case .retry(let at) = policy.next(after: Self.failure, attemptsMade: retry, firstAttemptAt: 0,
                                                        now: 1000, random: &random) else {
                    Issue.record("expected a retry"); return
                }
                samples.append(at - 1000)
            }
            let top = min(600, 2 * Double(1 << min(retry, 30)))
            #expect(samples.allSatisfy { $0 >= 2 && $0 <= top })
            // Full jitter: the samples use the whole range, not one end of it.
            #expect(samples.max()! - samples.min()! > (top - 2) * 0.8)
        }
    }

    @Test func attemptsAreCountedToTheLimit() {
        let policy = RetryPolicy(attempts: 10, maxAge: 1e9, backoff: .exponential(floor: 1, ceiling: 10))
        let (times, last) = Self.attemptTimes(policy)
        #expect(times.count == 10)
        #expect(last == .giveUp(reason: "http 503 (10 attempts)"))
    }

    @Test func theRetryWindowEndsTheDelivery() {
        // retry 10 attempts within 24h with the standard steps: 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h → the
        // next, about 27.6 h after the first, falls outside the window.
        let policy = RetryPolicy(attempts: 10, maxAge: 24 * 3600)
        let (times, last) = Self.attemptTimes(policy)
        #expect(times.count == 7)
        #expect(times.last! <= 24 * 3600)
        #expect(last == .giveUp(reason: "http 503 (retry window of 24h over)"))
    }

    @Test func aLongerRetryAfterWinsAndAShorterOneDoesNot() {
        var random = SeededGenerator(seed: 3)
        let policy = RetryPolicy(attempts: 5, maxAge: 1e9, backoff: .schedule(steps: [60], jitter: 0))
        #expect(policy.next(after: .retry(reason: "http 429", after: 900), attemptsMade: 1, firstAttemptAt: 0,
                            now: 10, random: &random) == .retry(at: 910))
        #expect(policy.next(after: .retry(reason: "http 429", after: 5), attemptsMade: 1, firstAttemptAt: 0,
                            now: 10, random: &random) == .retry(at: 70))
    }

    @Test func aRetryAfterBeyondTheWindowGivesUp() {
        var random = SeededGenerator(seed: 3)
        let policy = RetryPolicy(attempts: 5, maxAge: 600, backoff: .schedule(steps: [1], jitter: 0))
        #expect(policy.next(after: .retry(reason: "http 503", after: 3600), attemptsMade: 1, firstAttemptAt: 0,
                            now: 10, random: &random) == .giveUp(reason: "http 503 (retry window of 10m over)"))
    }

    @Test func deliveredAndPermanentEndAtOnce() {
        var random = SeededGenerator(seed: 3)
        #expect(RetryPolicy.standard.next(after: .delivered(gatewayMessageID: "x"), attemptsMade: 1, firstAttemptAt: 0,
                                          now: 0, random: &random) == .delivered)
        #expect(RetryPolicy.standard.next(after: .permanent(reason: "http 404"), attemptsMade: 1, firstAttemptAt: 0,
                                          now: 0, random: &random) == .giveUp(reason: "http 404"))
    }
}
