import Foundation
import Outbox

extension DaemonBenchmark {
    /// What one run measured; the headline is deliveries per second until the
    /// outbox had recorded every outcome, over wrk's rate against the same sink.
    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: DaemonBenchmark
        /// From the first request at the sink to the last.
        public var sinkSeconds = 0.0
        /// From the first request at the sink until the outbox held every outcome.
        public var recordedSeconds = 0.0
        public var counts = StateCounts()
        public var requests = 0
        public var connections = 0
        /// broadcastd's exit status after SIGTERM; nil if it had to be killed.
        public var exitStatus: Int32?
        /// broadcastd's user + system CPU from the first request until every outcome was recorded.
        public var daemonCPUSeconds: Double?
        public var daemonPeakResidentBytes: Int?
        public var wrkSeconds = 0
        public var wrkRate: Double?
        public var wrkProblem: String?

        public var sinkRate: Double { sinkSeconds > 0 ? Double(benchmark.recipients - 1) / sinkSeconds : 0 }
        /// Deliveries per second with every outcome recorded.
        public var recordedRate: Double { recordedSeconds > 0 ? Double(benchmark.recipients) / recordedSeconds : 0 }
        public var ratio: Double? { wrkRate.map { recordedRate / $0 } }
        public var allDelivered: Bool { counts.delivered == Int64(benchmark.recipients) }

        public var description: String {
            var lines = [
                "sink:      GatewaySimulator (Kannel GET) on 127.0.0.1, \(benchmark.sinkThreads) event-loop thread(s), counting only",
                "daemon:    broadcastd, 1 SMS message × \(benchmark.recipients) recipients, concurrency \(benchmark.concurrency), rate 100000/s burst 1000",
                "daemon:    \(requests) requests over \(connections) connections; first→last request \(Self.seconds(sinkSeconds)) (\(Self.rate(sinkRate)) requests/s)",
                "outbox:    \(counts.delivered) delivered, \(counts.dead) dead, \(counts.retrying) retrying, \(counts.pending) pending, \(counts.inFlight) in flight"
                    + (allDelivered ? " — every outcome recorded" : " — NOT all delivered"),
                "daemon:    \(Self.rate(recordedRate)) deliveries/s end to end (all recorded after \(Self.seconds(recordedSeconds)))",
                "daemon:    " + cpuLine,
                "daemon:    SIGTERM → " + (exitStatus.map { "exit \($0)" } ?? "did not exit in time, killed"),
            ]
            if let wrkRate { lines.append("wrk:       \(Self.rate(wrkRate)) requests/s (GET, same URL shape, \(benchmark.concurrency) connections, 2 threads, \(wrkSeconds) s)") }
            if let wrkProblem { lines.append("wrk:       \(wrkProblem)") }
            if let ratio { lines.append("ratio:     \(String(format: "%.2f", ratio)) of wrk (aim ≥ 0.3)") }
            return lines.joined(separator: "\n")
        }

        private var cpuLine: String {
            guard let daemonCPUSeconds, let daemonPeakResidentBytes else { return "CPU and memory not sampled" }
            return String(format: "%.2f s CPU (%.0f µs per delivery, %.0f%% of one core), %.1f MB peak resident",
                          daemonCPUSeconds, daemonCPUSeconds / Double(benchmark.recipients) * 1e6,
                          recordedSeconds > 0 ? daemonCPUSeconds / recordedSeconds * 100 : 0,
                          Double(daemonPeakResidentBytes) / 1_048_576)
        }

        private static func rate(_ value: Double) -> String { String(format: "%.0f", value) }
        private static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    }
}
