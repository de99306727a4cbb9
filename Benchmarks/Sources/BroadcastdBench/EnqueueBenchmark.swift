import DispatchRules
import Daemon
import Foundation
import Outbox
import OutboxSQLite
import Plan

#if canImport(Glibc)
import Glibc
#endif

/// Expansion and enqueue of one SMS broadcast to a large synthetic phone list,
/// in this process, through the real outbox: enqueue the broadcast with its list,
/// lease all of it in batches through `RecipientFileSource` and record each
/// batch delivered (what the dispatcher does, minus HTTP). The baseline is the
/// least any sender must do: read the same list through `PhoneListReader`.
/// It runs at a tenth of the size and then the full size, so the peak memory
/// of both shows whether memory grows with the list.
public struct EnqueueBenchmark: Sendable {
    public var recipients: Int
    /// Deliveries leased (and recorded) at a time.
    public var batch: Int

    public init(recipients: Int = 1_000_000, batch: Int = 1_000) {
        precondition(recipients >= 10 && batch >= 1, "a tenth of the list must not be empty")
        self.recipients = recipients
        self.batch = batch
    }

    /// One size's figures.
    public struct Run: Sendable, Equatable {
        public var recipients: Int
        public var listBytes: Int64 = 0
        public var baselineSeconds: Double = 0
        public var seconds: Double = 0
        /// Recipients leased and recorded delivered; equals `recipients` when nothing was lost.
        public var delivered: Int = 0
        /// Outbox file sizes (database + WAL) after a truncating checkpoint.
        public var outboxBytes: Int64 = 0
        /// This process's VmHWM after the run, bytes (a high-water mark: it never falls).
        public var peakResidentBytes: Int = 0

        public var recipientsPerSecond: Double { seconds > 0 ? Double(delivered) / seconds : 0 }
        public var bytesPerRecipient: Double { delivered > 0 ? Double(outboxBytes) / Double(delivered) : 0 }
        public var ratioToBaseline: Double { baselineSeconds > 0 ? seconds / baselineSeconds : 0 }
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var batch: Int
        public var peakBeforeBytes: Int
        public var runs: [Run]

        public var description: String {
            var lines = ["batch:     \(batch) leases per transaction, outcomes recorded per batch",
                         "peak RSS before:  \(Self.megabytes(peakBeforeBytes))"]
            for run in runs {
                lines += [
                    "-- \(run.recipients) recipients (\(run.listBytes / 1_048_576) MiB list)",
                    String(format: "baseline:  PhoneListReader      %8.3f s  %10.0f numbers/s", run.baselineSeconds,
                           run.baselineSeconds > 0 ? Double(run.recipients) / run.baselineSeconds : 0),
                    String(format: "enqueue+lease+record           %8.3f s  %10.0f recipients/s  %5.1f× baseline",
                           run.seconds, run.recipientsPerSecond, run.ratioToBaseline),
                    "delivered: \(run.delivered) of \(run.recipients)",
                    String(format: "outbox:    %.1f MiB, %.1f bytes per recipient", Double(run.outboxBytes) / 1_048_576,
                           run.bytesPerRecipient),
                    "peak RSS after:   \(Self.megabytes(run.peakResidentBytes))",
                ]
            }
            return lines.joined(separator: "\n")
        }

        static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func run() throws -> Report {
        let before = try ProcessUsage.sample(pid: getpid()).peakResidentBytes
        var runs: [Run] = []
        for size in [recipients / 10, recipients] {
            runs.append(try measure(recipients: size))
        }
        return Report(batch: batch, peakBeforeBytes: before, runs: runs)
    }

    func measure(recipients size: Int) throws -> Run {
        try Self.inTemporaryFolder { folder in
            let list = folder + "/recipients.txt"
            var run = Run(recipients: size)
            run.listBytes = try Self.writePhoneList(count: size, to: list)
            run.baselineSeconds = try Self.seconds { _ = try Self.countNumbers(in: list) }

            let outbox = try OutboxConnection(stateDirectory: folder)
            run.seconds = try Self.seconds { run.delivered = try enqueueAndDrain(list: list, count: size, into: outbox) }
            run.outboxBytes = try Self.outboxBytes(outbox, in: folder)
            run.peakResidentBytes = try ProcessUsage.sample(pid: getpid()).peakResidentBytes
            return run
        }
    }

    /// Runs `body` with a fresh folder for the lists and the outbox, removed after.
    static func inTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-enqueue-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder.path)
    }

    /// Enqueues one broadcast over the list, then leases and records it to the end; returns the recipients delivered.
    func enqueueAndDrain(list: String, count: Int, into outbox: OutboxConnection) throws -> Int {
        let key = BroadcastKey(campaign: Self.campaign, message: "m0", occurrence: 0, region: "bench", channel: "sms", audience: "list")
        try outbox.enqueue([NewBroadcast(key: key, destination: Self.destination, text: Self.text,
                                         dueAt: 0, recipients: .list(list, count: Int64(count)))], now: 0)
        return try Self.drain(outbox, batch: batch).delivered
    }

    /// What `drain` did: deliveries recorded, and positions skipped (duplicates, capped, opted out).
    struct Drained {
        var delivered = 0
        var skipped = 0
    }

    /// Leases everything due through `RecipientFileSource` in batches and records
    /// each batch delivered, as the dispatcher does minus HTTP, until a lease
    /// neither hands out nor skips anything (a lease of only duplicates comes back
    /// empty while its list goes on). `caps` are campaign `bench`'s.
    static func drain(_ outbox: OutboxConnection, batch: Int, caps: CapPolicy? = nil, now: Int64 = 0,
                      each: (Lease) throws -> Void = { _ in }) throws -> Drained {
        let source = RecipientFileSource()
        var drained = Drained()
        while true {
            let lease = try outbox.leaseBatch(now: now, limit: batch, owner: "bench", leaseSeconds: 600,
                                              campaign: caps == nil ? nil : Self.campaign, source: source, caps: caps)
            guard !lease.leases.isEmpty || lease.skipped > 0 else { return drained }
            drained.skipped += lease.skipped
            try lease.leases.forEach(each)
            let outcomes = lease.leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }
            let summary = try outbox.record(outcomes, owner: "bench")
            guard summary.refused.isEmpty else {
                throw Failure(description: "the outbox refused \(summary.refused.count) outcomes of its own leases")
            }
            drained.delivered += summary.applied
        }
    }

    static let campaign = "bench"
    static let destination = "bench-gateway"
    static let text = "【江西公安】公检法不会电话要求转账。"

    /// Outbox file sizes (database + WAL) after a truncating checkpoint.
    static func outboxBytes(_ outbox: OutboxConnection, in folder: String) throws -> Int64 {
        try outbox.checkpoint()
        return ["", "-wal"].reduce(0) { total, suffix in
            let path = folder + "/" + OutboxConnection.fileName + suffix
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
            return total + (size ?? 0)
        }
    }

    static func countNumbers(in path: String) throws -> Int {
        let reader = try PhoneListReader(path: path)
        var numbers = 0
        while let entry = try reader.next() {
            if case .number = entry { numbers += 1 }
        }
        return numbers
    }

    /// Writes `count` distinct mainland mobiles (`17` and nine digits), streaming; returns the file's size.
    @discardableResult
    static func writePhoneList(count: Int, to path: String) throws -> Int64 {
        precondition(count <= 1_000_000_000, "nine digits after the prefix")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot write the synthetic phone list '\(path)'")
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written: Int64 = 0
        var line: [UInt8] = Array("17000000000\n".utf8)
        for index in 0..<count {
            var rest = index
            for position in stride(from: 10, through: 2, by: -1) {
                line[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            buffer += line
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                written += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return written + Int64(buffer.count)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
