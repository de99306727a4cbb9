import Foundation
import Outbox

extension EnqueueBenchmark {
    /// One size's figures of the province shape.
    public struct ProvinceRun: Sendable, Equatable {
        /// List positions over all lists, and the distinct people on them.
        public var positions: Int
        public var people: Int
        public var lists: Int
        public var listBytes: Int64 = 0
        public var baselineSeconds: Double = 0
        /// Enqueue, lease and record to the end (pruning not included).
        public var seconds: Double = 0
        public var delivered = 0
        /// Positions the leases passed over: duplicates, and capped or opted-out recipients.
        public var skipped = 0
        /// The broadcasts' `duplicates`, summed.
        public var duplicates = 0
        public var unfinishedLists = 0
        /// Deliveries by the rank of the list they were read from (3 county, 2 city, 1 province).
        public var sentByRank: [Int: Int] = [:]
        public var capRows: Int64 = 0
        /// `reached` rows when the last list ended (they only grow until then) and after pruning.
        public var reachedPeak: Int64 = 0
        public var reachedAfterPrune: Int64 = 0
        public var pruneSeconds: Double = 0
        public var pruneChunks = 0
        /// Outbox file sizes (database + WAL) after pruning and a truncating checkpoint.
        public var outboxBytes: Int64 = 0
        /// This process's VmHWM after the run, bytes.
        public var peakResidentBytes = 0

        public init(positions: Int, people: Int, lists: Int) {
            self.positions = positions
            self.people = people
            self.lists = lists
        }

        public var positionsPerSecond: Double { seconds > 0 ? Double(positions) / seconds : 0 }
        public var peoplePerSecond: Double { seconds > 0 ? Double(people) / seconds : 0 }
        public var bytesPerPerson: Double { people > 0 ? Double(outboxBytes) / Double(people) : 0 }
        public var bytesPerPosition: Double { positions > 0 ? Double(outboxBytes) / Double(positions) : 0 }
        public var ratioToBaseline: Double { baselineSeconds > 0 ? seconds / baselineSeconds : 0 }
    }

    public struct ProvinceReport: Sendable, CustomStringConvertible {
        public var batch: Int
        public var shape: ProvinceShape
        public var caps: CapPolicy?
        public var peakBeforeBytes: Int
        public var runs: [ProvinceRun]

        public var description: String {
            var lines = [
                "shape:     1 province, \(shape.cities) cities, \(shape.counties) counties (\(shape.listCount) lists, one reach), "
                    + String(format: "overlap %.2f, seat share %.2f", shape.overlap, shape.seatShare),
                "caps:      \(capsDescription)",
                "batch:     \(batch) leases per transaction, outcomes recorded per batch",
                "peak RSS before:  \(Report.megabytes(peakBeforeBytes))",
            ]
            for run in runs {
                lines += [
                    "-- \(run.positions) positions, \(run.people) people, \(run.lists) lists (\(run.listBytes / 1_048_576) MiB)",
                    String(format: "baseline:  PhoneListReader      %8.3f s  %10.0f numbers/s", run.baselineSeconds,
                           run.baselineSeconds > 0 ? Double(run.positions) / run.baselineSeconds : 0),
                    String(format: "enqueue+lease+record           %8.3f s  %10.0f positions/s  %10.0f people/s  %5.1f× baseline",
                           run.seconds, run.positionsPerSecond, run.peoplePerSecond, run.ratioToBaseline),
                    "delivered: \(run.delivered) of \(run.people) people, each leased once; "
                        + "duplicates \(run.duplicates) = positions − people; skipped otherwise \(run.skipped - run.duplicates)",
                    "sent from: " + [(3, "counties"), (2, "cities"), (1, "province")]
                        .map { "\(run.sentByRank[$0.0] ?? 0) \($0.1)" }.joined(separator: ", "),
                    "reached:   \(run.reachedPeak) rows at peak, \(run.reachedAfterPrune) after pruneReached "
                        + String(format: "(%d chunks of %d, %.3f s)", run.pruneChunks, Province.pruneChunk, run.pruneSeconds),
                    "cap rows:  \(run.capRows)",
                    String(format: "outbox:    %.1f MiB, %.1f bytes per person, %.1f bytes per position",
                           Double(run.outboxBytes) / 1_048_576, run.bytesPerPerson, run.bytesPerPosition),
                    "peak RSS after:   \(Report.megabytes(run.peakResidentBytes))",
                ]
            }
            return lines.joined(separator: "\n")
        }

        private var capsDescription: String {
            guard let caps, !caps.limits.isEmpty else { return "none" }
            return caps.limits.sorted { $0.key < $1.key }.map { channel, limit in
                let parts = [limit.perDay.map { "\($0) per day" }, limit.perWeek.map { "\($0) per week" }].compactMap { $0 }
                return "\(channel) " + parts.joined(separator: ", ")
            }.joined(separator: "; ") + " (a cap_counts row per person)"
        }
    }
}
