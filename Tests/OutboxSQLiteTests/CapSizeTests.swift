import Foundation
import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What caps cost on disk: one counter row per recipient, and for a broadcast
/// the cap forbids, a log entry per recipient but no delivery row.
struct CapSizeTests {
    @Test func bytesPerRecipientWithACapOfOneADay() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let count = 100_000
        let source = SyntheticSource(count: count)
        let caps = CapTests.policy(sms: CapPolicy.Limit(perDay: 1), day: CapTests.tuesday)
        func size() throws -> Int {
            try outbox.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return (try FileManager.default.attributesOfItem(atPath: folder.outboxPath)[.size] as? Int) ?? 0
        }
        func sendAll(_ message: String, at time: Int64) throws -> Int {
            try outbox.enqueue([Sample.listed(message: message, list: "synthetic", count: Int64(count), occurrence: time)], now: time)
            var sent = 0
            while true {
                let batch = try outbox.leaseBatch(now: time, limit: 1_000, owner: "d", leaseSeconds: 60, campaign: Sample.campaign,
                                                  source: source, caps: caps)
                if batch.leases.isEmpty && batch.skipped == 0 { return sent }
                sent += batch.leases.count
                try outbox.record(batch.leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: "gw-0123456789"), at: time) },
                                  owner: "d")
            }
        }
        #expect(try sendAll("launch", at: Sample.launchAt) == count)
        let afterOne = try size()
        let counters = try outbox.database.prepare("SELECT count(*) FROM cap_counts").firstRow { $0.int64(0) }
        #expect(counters == Int64(count))
        #expect(try sendAll("tip", at: Sample.launchAt + 3600) == 0)
        let afterTwo = try size()
        try outbox.pruneLog(before: Sample.launchAt + 7200, limit: .max)
        try outbox.database.execute("VACUUM")
        let pruned = try size()
        print("outbox with cap sms 1 per day, \(count) recipients: \(afterOne / count) B/recipient after one broadcast, "
            + "\(afterTwo / count) B/recipient after a second one all capped (log included), "
            + "\(pruned / count) B/recipient once the log is pruned (the cap counters)")
        #expect(try outbox.onlyStatus(BroadcastFilter(message: "tip"))?.counts.skipped == Int64(count))
        #expect(try outbox.storedDeliveryCount() == 0)
        #expect(afterOne / count < 100)
    }
}
