import Foundation
import Outbox
import OutboxSQLite

/// What the seam costs per call: the same cheap query (`nextDueTime`, one
/// indexed lookup) called `calls` times straight on the SQLite connection and
/// through `SQLiteOutbox`, whose jobs hop to its serial dispatch queue and back
/// to the caller's task. The difference per call is the hop; rounds alternate
/// so both sides meet the same load.
public struct SeamBenchmark: Sendable {
    public var calls: Int
    public var rounds: Int

    public init(calls: Int = 100_000, rounds: Int = 3) {
        self.calls = calls
        self.rounds = rounds
    }

    public struct Round: Sendable {
        /// Microseconds per call.
        public var direct: Double
        public var throughSeam: Double
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var calls: Int
        public var rounds: [Round]

        public var description: String {
            (["calls:     \(calls) × nextDueTime per side per round"] + rounds.enumerated().map { index, round in
                String(format: "round %d:   direct %.2f µs/call   through SQLiteOutbox %.2f µs/call   hop %.2f µs",
                       index + 1, round.direct, round.throughSeam, round.throughSeam - round.direct)
            }).joined(separator: "\n")
        }
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-seam-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seam = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
        let key = BroadcastKey(campaign: "bench", message: "m", occurrence: 2_000_000_000, region: "r", channel: "sms", audience: "list")
        _ = try await seam.enqueue([NewBroadcast(key: key, destination: "kannel", text: "t", dueAt: 2_000_000_000,
                                                 recipients: .inline(["+8613800000001"]))], now: 0)
        let direct = try OutboxConnection(stateDirectory: folder)
        var measured: [Round] = []
        for _ in 0..<rounds {
            let straight = try EnqueueBenchmark.seconds {
                for _ in 0..<calls { _ = try direct.nextDueTime() }
            }
            let start = ContinuousClock.now
            for _ in 0..<calls { _ = try await seam.nextDueTime() }
            let hopped = (ContinuousClock.now - start) / .seconds(1)
            measured.append(Round(direct: straight * 1e6 / Double(calls), throughSeam: hopped * 1e6 / Double(calls)))
        }
        return Report(calls: calls, rounds: measured)
    }
}
