import Outbox

/// List recipients skipped at lease time (opted out, capped) are not stored as
/// rows: a cap of one a day and a second province-wide broadcast that day would
/// otherwise write ten million `skipped` rows. They are counted per reason on
/// their broadcast (`capped`, `opted_out`) and logged, so `status` adds them up
/// and `log` still says why a person got nothing.
extension OutboxConnection {
    /// Skips a fresh list recipient: logged and tallied, unless its number
    /// already has a row in this broadcast, which makes it a duplicate position
    /// (counted apart by the caller, as for a number sent once).
    func skipFresh(_ key: DeliveryKey, reason: SkipReason, broadcast: Int64, at now: Int64,
                   tally: inout SkipTally) throws {
        let stored = try database.cached("SELECT 1 FROM deliveries WHERE broadcast_id = ?1 AND recipient = ?2")
            .bind(broadcast, key.recipient).firstRow { _ in true } ?? false
        guard !stored else { return }
        tally.add(reason)
        try logAttempt(broadcast: broadcast, recipient: key.recipient, at: now, outcome: .skipped, reason: reason.rawValue)
    }

    /// Adds a lease's skips to its broadcast's counters.
    func countSkips(_ tally: SkipTally, broadcast: Int64) throws {
        guard tally.total > 0 else { return }
        try database.cached("UPDATE broadcasts SET capped = capped + ?2, opted_out = opted_out + ?3 WHERE id = ?1")
            .bind(broadcast, tally.capped, tally.optedOut).run()
    }

    /// A stored delivery skipped at lease time stays a row, `skipped` with the reason.
    func skipStored(_ lease: Lease, reason: SkipReason, at now: Int64) throws {
        try settle(lease.id, state: .skipped, dueAt: nil, reason: reason.rawValue, attempted: 0)
        try logAttempt(broadcast: lease.broadcastID, recipient: lease.recipient, at: now, outcome: .skipped,
                       reason: reason.rawValue)
    }
}
