@testable import Outbox
@testable import OutboxSQLite

extension OutboxConnection {
    /// Leases `batch` at a time and records each lease delivered until nothing
    /// is due; returns every lease in order.
    @discardableResult
    func drain(now: Int64, batch: Int, owner: String = "d", source: any RecipientSource) throws -> [Lease] {
        var all: [Lease] = []
        while true {
            let leases = try leaseDue(now: now, limit: batch, owner: owner, leaseSeconds: 30, source: source)
            if leases.isEmpty { return all }
            try record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: owner)
            all += leases
        }
    }

    /// Each broadcast's positions all accounted for: delivered, stored, unread
    /// or a duplicate — nothing counted twice, nothing missing.
    func positionsAddUp() throws -> Bool {
        try broadcastStatuses(limit: 1_000).allSatisfy { status in
            status.total.map { $0 == status.counts.total + status.duplicates } ?? false
        }
    }
}
