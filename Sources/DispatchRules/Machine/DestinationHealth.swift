import Outbox
import TextFormat

/// Says in the log when a gateway or endpoint starts failing and when it
/// recovers: one line each, not one per recipient, so a five-minute outage is
/// two lines with the reason and the count, and the journal shows why the
/// gateway stopped taking messages.
///
/// Only retryable failures count (refused, timed out, 5xx, throttled): a dead
/// delivery for one bad number says nothing about the gateway. Failing starts
/// after `threshold` in a row, so a lone timeout among successes stays quiet;
/// any delivered attempt ends it.
package struct DestinationHealth: Sendable {
    package static let threshold = 3

    private struct Streak {
        var failures = 0
        var since: Double = 0
        var firstReason = ""
        var announced = false
    }

    private var streaks: [String: Streak] = [:]

    package init() {}

    /// The line to log for this attempt's end, if it changes what the operator should know.
    /// `routed`: the attempt went through a route, whose deliveries fail over rather than wait to retry.
    package mutating func observe(_ result: Outcome.Result, destination: String, now: Double, routed: Bool = false) -> LogLine? {
        switch result {
        case .delivered:
            guard let streak = streaks.removeValue(forKey: destination), streak.announced else { return nil }
            return LogLine(level: .notice, message: "'\(destination)' recovered: delivering again",
                           metadata: ["destination": destination, "failed": "\(streak.failures)",
                                      "after": DurationText.format(milliseconds: Int64((now - streak.since).rounded()) * 1_000)])
        case .retry(_, let reason):
            var streak = streaks[destination] ?? Streak(since: now, firstReason: reason)
            streak.failures += 1
            defer { streaks[destination] = streak }
            guard !streak.announced, streak.failures >= Self.threshold else { return nil }
            streak.announced = true
            let then = routed ? "a route's deliveries go to its next gateway" : "its deliveries retry"
            return LogLine(level: .warning, message: "'\(destination)' failing: \(streak.firstReason); \(then)",
                           metadata: ["destination": destination, "failed": "\(streak.failures)", "reason": reason])
        case .dead, .skipped:
            return nil
        }
    }
}
