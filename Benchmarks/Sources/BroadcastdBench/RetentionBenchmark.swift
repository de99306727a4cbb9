import Foundation
import Outbox
import OutboxSQLite

/// The outbox's size over a simulated quarter with the delivery log's retention,
/// in this process through the real outbox: each simulated day enqueues one SMS
/// broadcast of `perDay` synthetic recipients, leases and records all of it
/// delivered at that day's time (one log entry each, as the dispatcher writes),
/// then prunes the way the daemon's heartbeat does (`pruneLog` in chunks of
/// 5 000, `pruneReached`). A province sends millions a day; `perDay` scales that
/// down so the quarter runs in minutes, and the report extrapolates per entry.
public struct RetentionBenchmark: Sendable {
    public var days: Int
    public var perDay: Int
    public var retentionDays: Int
    public var batch: Int

    public init(days: Int = 91, perDay: Int = 50_000, retentionDays: Int = 30, batch: Int = 1_000) {
        self.days = days
        self.perDay = perDay
        self.retentionDays = retentionDays
        self.batch = batch
    }

    public struct Day: Sendable {
        public var day: Int
        public var outboxBytes: Int64
        public var logEntries: Int64
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: RetentionBenchmark
        public var days: [Day]
        public var seconds: Double
        /// The longest single prune step (one transaction of at most 5 000 deletions).
        public var longestPruneStep: Double

        /// Bytes per retained log entry once the window is full (pages freed by pruning are reused).
        public var bytesPerEntry: Double {
            guard let last = days.last, last.logEntries > 0 else { return 0 }
            return Double(last.outboxBytes) / Double(last.logEntries)
        }

        public var description: String {
            let shown = Set([1, 7, benchmark.retentionDays, benchmark.retentionDays + 1, 60, benchmark.days])
            var lines = [
                "simulated: \(benchmark.days) days, \(benchmark.perDay) deliveries a day, log-retention \(benchmark.retentionDays)d, "
                    + "batches of \(benchmark.batch)",
                String(format: "run:       %.1f s; longest prune step %.1f ms", seconds, longestPruneStep * 1000),
            ]
            for day in days where shown.contains(day.day) {
                lines.append(String(format: "day %3d:   outbox %7.1f MiB, %10d log entries", day.day,
                                    Double(day.outboxBytes) / 1_048_576, day.logEntries))
            }
            let peak = days.map(\.outboxBytes).max() ?? 0
            lines.append(String(format: "peak:      %.1f MiB; %.1f bytes per retained log entry at the end", Double(peak) / 1_048_576,
                                bytesPerEntry))
            let provincePerDay = 11_000_000.0 // about a billion log entries a quarter
            let retained = bytesPerEntry * provincePerDay * Double(benchmark.retentionDays)
            let unpruned = bytesPerEntry * provincePerDay * Double(benchmark.days)
            lines.append(String(format: "province (11 M a day, ~1 G a quarter): about %.0f GiB with retention, %.0f GiB without",
                                retained / 1_073_741_824, unpruned / 1_073_741_824))
            return lines.joined(separator: "\n")
        }
    }

    public func run() throws -> Report {
        try EnqueueBenchmark.inTemporaryFolder { folder in
            let list = folder + "/recipients.txt"
            try EnqueueBenchmark.writePhoneList(count: perDay, to: list)
            let outbox = try OutboxConnection(stateDirectory: folder)
            var report = Report(benchmark: self, days: [], seconds: 0, longestPruneStep: 0)
            report.seconds = try EnqueueBenchmark.seconds {
                for day in 1...days {
                    let now = Int64(day) * 86_400
                    let key = BroadcastKey(campaign: EnqueueBenchmark.campaign, message: "day\(day)", occurrence: now,
                                           region: "bench", channel: "sms", audience: "list")
                    try outbox.enqueue([NewBroadcast(key: key, destination: EnqueueBenchmark.destination, text: EnqueueBenchmark.text,
                                                     dueAt: now, recipients: .list(list, count: Int64(perDay)))], now: now)
                    _ = try EnqueueBenchmark.drain(outbox, batch: batch, now: now)
                    try prune(outbox, now: now, report: &report)
                    let entries = try outbox.attemptCount()
                    report.days.append(Day(day: day, outboxBytes: try EnqueueBenchmark.outboxBytes(outbox, in: folder),
                                           logEntries: entries))
                }
            }
            return report
        }
    }

    /// What the heartbeat does, run to the end: chunks of 5 000 until a chunk comes back short.
    private func prune(_ outbox: OutboxConnection, now: Int64, report: inout Report) throws {
        let cutoff = now - Int64(retentionDays) * 86_400
        while try outbox.pruneReached(limit: 5_000) == 5_000 {}
        while true {
            var deleted = 0
            let step = try EnqueueBenchmark.seconds { deleted = try outbox.pruneLog(before: cutoff, limit: 5_000) }
            report.longestPruneStep = max(report.longestPruneStep, step)
            if deleted < 5_000 { return }
        }
    }
}
