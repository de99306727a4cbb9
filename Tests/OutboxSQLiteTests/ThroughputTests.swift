import Foundation
import Testing
@testable import Outbox
@testable import OutboxSQLite

/// Figures printed for the benchmark notes, never asserted: the machine is shared.
struct ThroughputTests {
    @Test func batchedLeaseAndRecordOfAHundredThousand() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let count = 100_000
        let source = SyntheticSource(count: count)
        try outbox.enqueue([Sample.listed(list: "synthetic", count: Int64(count))], now: 0)
        let clock = ContinuousClock()

        var leases: [Lease] = []
        let leaseTime = try clock.measure {
            while leases.count < count {
                leases += try outbox.leaseDue(now: Sample.launchAt, limit: 10_000, owner: "bench", leaseSeconds: 60, source: source)
            }
        }
        let outcomes = leases.map {
            Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: "gw"), at: Sample.launchAt, httpStatus: 202, latencyMilliseconds: 3)
        }
        var summary = RecordSummary()
        let recordTime = try clock.measure {
            for batch in stride(from: 0, to: outcomes.count, by: 10_000) {
                summary.applied += try outbox.record(Array(outcomes[batch..<min(batch + 10_000, outcomes.count)]), owner: "bench").applied
            }
        }
        try outbox.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = (try FileManager.default.attributesOfItem(atPath: folder.outboxPath)[.size] as? Int) ?? 0

        func perSecond(_ duration: Duration) -> Int {
            Int(Double(count) / (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
        }
        print("outbox throughput: lease \(perSecond(leaseTime))/s, record \(perSecond(recordTime))/s "
            + "(\(count) deliveries, batches of 10000), \(bytes / count) bytes per recipient incl. attempt log")
        #expect(summary.applied == count)
        #expect(try outbox.onlyStatus()?.counts.delivered == Int64(count))
    }
}
