import Outbox
import DaemonConfig
import OutboxOpening

/// What the outbox's history says each destination takes to answer: the
/// median latency of its latest recorded attempts. A better assumption for
/// `rehearse` than one figure for all, once the daemon has sent anything (a
/// test-send, last week's message, a drill); `--latency` still wins.
enum MeasuredLatency {
    /// Recorded attempts read, newest first: enough for a steady median, cheap to read.
    static let attemptsRead = 20_000
    /// Fewer samples than this and a destination keeps the assumed latency.
    static let minimumSamples = 20

    /// Per destination with enough samples, its median latency in seconds.
    static func medians(_ entries: [LogEntry], minimumSamples: Int = minimumSamples) -> [String: Double] {
        var samples: [String: [Int64]] = [:]
        for entry in entries {
            guard let milliseconds = entry.latencyMilliseconds, milliseconds >= 0 else { continue }
            samples[entry.destination, default: []].append(milliseconds)
        }
        return samples.compactMapValues { values -> Double? in
            guard values.count >= minimumSamples else { return nil }
            let sorted = values.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
            return median / 1000
        }
    }

    /// The medians of the outbox at `location`; empty when there is none yet or it cannot be read.
    static func read(_ location: OutboxLocation) async -> [String: Double] {
        guard let outbox = try? await OutboxLocator.open(location).backend,
              let entries = try? await outbox.log(LogQuery(limit: attemptsRead)) else { return [:] }
        return medians(entries)
    }
}
