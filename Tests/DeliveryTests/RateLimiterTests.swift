@testable import Delivery
import Testing

struct RateLimiterTests {
    /// A greedy sender against a limiter over a simulated clock: it sends whenever
    /// allowed, transfers take a random 5–400 ms, and `throttle(send time)` decides
    /// which answers are throttles. Returns the send times.
    static func simulate(_ limit: RateLimit, seconds: Double, seed: UInt64 = 9,
                         throttle: (Double) -> Bool = { _ in false },
                         onEvent: (RateLimiter, Double) -> Void = { _, _ in }) -> [Double] {
        var random = SeededGenerator(seed: seed)
        var limiter = RateLimiter(limit: limit, now: 0)
        var now = 0.0
        var sends: [Double] = []
        var finishing: [(at: Double, startedAt: Double, throttled: Bool)] = []
        while now < seconds {
            switch limiter.decide(now: now) {
            case .send:
                limiter.started(now: now)
                sends.append(now)
                finishing.append((now + Double.random(in: 0.005...0.4, using: &random), now, throttle(now)))
            case .wait(let until):
                #expect(until > now)
                now = min(until, finishing.map(\.at).min() ?? until)
            case .waitForTransfer:
                now = finishing.map(\.at).min()!
            }
            finishing.sort { $0.at < $1.at }
            while let first = finishing.first, first.at <= now {
                limiter.finished(throttled: first.throttled, startedAt: first.startedAt, now: first.at)
                finishing.removeFirst()
            }
            onEvent(limiter, now)
        }
        return sends
    }

    /// The largest number of sends in any half-open window [t, t + width).
    static func busiestWindow(_ sends: [Double], width: Double) -> Int {
        var best = 0, start = 0
        for end in sends.indices {
            while sends[end] - sends[start] >= width { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }

    @Test(arguments: [
        RateLimit([.perSecond(10, burst: 5)]), RateLimit([.perSecond(100, burst: 20)], concurrency: 16),
        RateLimit([.perSecond(1)]), RateLimit([.perSecond(2.5, burst: 3)], concurrency: 2),
    ])
    func noSecondEverHoldsMoreThanRatePlusBurst(limit: RateLimit) {
        let bucket = limit.buckets[0]
        let sends = Self.simulate(limit, seconds: 600)
        let allowed = Int((bucket.perSecond + Double(bucket.burst)).rounded(.down))
        #expect(Self.busiestWindow(sends, width: 1) <= allowed)
        // And the limiter is not needlessly slow: the long-run pace is the configured rate
        // (or what the in-flight cap allows with transfers averaging about 0.2 s).
        let pace = Double(sends.count) / 600
        let expected = min(bucket.perSecond, limit.concurrency.map { Double($0) / 0.2025 } ?? .infinity)
        #expect(pace > expected * 0.9 && pace <= expected + Double(bucket.burst) / 600 + 0.01, "pace \(pace)")
    }

    @Test func everyBucketHolds() {
        let feishu = Feishu(url: "u").defaultRate
        let sends = Self.simulate(RateLimit(feishu.buckets, concurrency: 4), seconds: 1800)
        #expect(Self.busiestWindow(sends, width: 1) <= 6)   // 5/s + burst 1
        #expect(Self.busiestWindow(sends, width: 60) <= 101) // 100/min + burst 1
    }

    @Test func inFlightNeverExceedsTheCap() {
        var highest = 0
        _ = Self.simulate(RateLimit([.perSecond(1000, burst: 100)], concurrency: 3), seconds: 60, onEvent: { limiter, _ in
            highest = max(highest, limiter.inFlight)
        })
        #expect(highest == 3)
    }

    @Test func aThrottleHalvesTheRateHoldsThenClimbsBack() {
        var throttled = false
        let sends = Self.simulate(RateLimit([.perSecond(20, burst: 1)]), seconds: 400, throttle: { sentAt in
            // One throttle answer, to the first send after t = 100.
            guard !throttled && sentAt >= 100 else { return false }
            throttled = true
            return true
        })
        func rate(_ from: Double, _ to: Double) -> Double {
            Double(sends.filter { $0 >= from && $0 < to }.count) / (to - from)
        }
        #expect(abs(rate(50, 100) - 20) < 0.5)
        #expect(abs(rate(101, 160) - 10) < 0.5)
        // Climbing at 5 % of the base rate per 10 s after a one-minute hold: back to full within 100 s.
        #expect(rate(170, 180) > 10.5 && rate(170, 180) < 15)
        #expect(abs(rate(270, 400) - 20) < 0.5)
    }

    @Test func throttlesToTransfersSentBeforeTheSlowdownCountOnce() {
        var limiter = RateLimiter(limit: RateLimit([.perSecond(64, burst: 10)]), now: 0)
        for start in [0.0, 0.05, 0.1, 0.15, 0.2] { limiter.started(now: start) }
        for finish in [0.5, 0.6, 0.7, 0.8, 0.9] { limiter.finished(throttled: true, startedAt: finish - 0.5, now: finish) }
        #expect(limiter.rateFraction(at: 1) == 0.5)
        limiter.started(now: 1)
        limiter.finished(throttled: true, startedAt: 1, now: 1.1)
        #expect(limiter.rateFraction(at: 1.1) == 0.25)
    }

    @Test func repeatedThrottlesKeepHalvingDownToTheFloor() {
        var limiter = RateLimiter(limit: RateLimit([.perSecond(64)]), now: 0)
        var fractions: [Double] = []
        for second in 1...8 {
            let now = Double(second) * 2
            limiter.started(now: now)
            limiter.finished(throttled: true, startedAt: now, now: now)
            fractions.append(limiter.rateFraction(at: now))
        }
        #expect(fractions == [0.5, 0.25, 0.125, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625])
    }

    @Test func waitNamesTheTimeTheNextTokenArrives() {
        var limiter = RateLimiter(limit: RateLimit([.perMinute(20)]), now: 100)
        #expect(limiter.decide(now: 100) == .send)
        limiter.started(now: 100)
        #expect(limiter.decide(now: 101) == .wait(until: 103))
        #expect(limiter.decide(now: 103) == .send)
    }

    @Test func unlimitedAlwaysSends() {
        var limiter = RateLimiter(limit: .unlimited, now: 0)
        for _ in 0..<1000 { limiter.started(now: 0) }
        #expect(limiter.decide(now: 0) == .send)
    }
}
