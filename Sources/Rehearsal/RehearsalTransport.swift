import Delivery
import DispatchRules
import LineLanguage

/// The gateways and endpoints as the rehearsal assumes them: every request to
/// a destination answers after its latency (measured, or the one assumed), and a `failureShare` of them fail with a
/// retryable error, drawn at random from a fixed seed so a run is
/// reproducible (an evenly spaced pattern would line up with the retry
/// delays and fail the same deliveries again); the configured retry policy
/// then decides, through `DeliveryAttempt`, when each is tried again or given up.
struct RehearsalTransport {
    private struct Running {
        var attempt: DeliveryAttempt
        var startedAt: Double
        var endsAt: Double
        var fails: Bool
    }

    private let latency: Double
    private let measured: [String: Double]
    let failureShare: Double
    /// Per destination, in the order they end (one latency per destination, so the start order).
    private var running: [String: [Running]] = [:]
    private var failures = SeededGenerator(seed: 2021)
    private var random = SeededGenerator(seed: 9)

    /// Latencies are multiplied by `scale`, as a scaled-down run divides its rates.
    init(latency: Double, measured: [String: Double] = [:], scale: Int = 1, failureShare: Double) {
        self.latency = latency * Double(scale)
        self.measured = measured.mapValues { $0 * Double(scale) }
        self.failureShare = failureShare
    }

    var isIdle: Bool { running.values.allSatisfy { $0.isEmpty } }

    mutating func start(_ attempts: [DeliveryAttempt], destination: String, at now: Double) {
        for attempt in attempts {
            let fails = failureShare > 0 && Double.random(in: 0..<1, using: &failures) < failureShare
            running[destination, default: []].append(Running(attempt: attempt, startedAt: now,
                                                             endsAt: now + (measured[destination] ?? latency), fails: fails))
        }
    }

    /// When the daemon's loop would be woken by transfer ends, as `DispatchCompletions`
    /// decides it: once a quarter of a destination's running transfers ended, or its last one.
    func wakeTime() -> Double? {
        var wake: Double?
        for queue in running.values where !queue.isEmpty {
            let end = queue[max(1, (queue.count + 3) / 4) - 1].endsAt
            wake = min(wake ?? end, end)
        }
        return wake
    }

    /// When the first transfer in flight ends; nil with none in flight.
    var firstEnd: Double? {
        var first: Double?
        for queue in running.values {
            if let end = queue.first?.endsAt { first = min(first ?? end, end) }
        }
        return first
    }

    /// The transfers that ended by `now`, concluded with the retry policy.
    mutating func settle(now: Double) -> [DispatchCompletion] {
        var names: [String] = []
        for (name, queue) in running where queue.first.map({ $0.endsAt <= now }) ?? false { names.append(name) }
        guard !names.isEmpty else { return [] }
        var completions: [DispatchCompletion] = []
        // In name order: the retry delays' jitter is drawn in this order, and a
        // dictionary's order differs from one run to the next.
        for name in names.sorted() {
            let ended = Array(running[name]!.prefix { $0.endsAt <= now })
            running[name]!.removeFirst(ended.count)
            for transfer in ended {
                let verdict: Verdict = transfer.fails ? .retry(reason: "simulated failure", after: nil)
                    : .delivered(gatewayMessageID: nil)
                completions.append(transfer.attempt.concluded(AttemptVerdict(verdict: verdict, httpStatus: nil),
                                                              startedAt: transfer.startedAt, endedAt: transfer.endsAt,
                                                              random: &random))
            }
        }
        return completions
    }
}
