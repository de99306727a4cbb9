import Outbox

extension OutboxConnection {
    /// Deletes delivery-log entries and receipts older than `before`, looking at no more than
    /// the `limit` oldest entries, so each call is one short transaction whatever
    /// the log's size and the daemon can call it between leases.
    ///
    /// The log is the only table that grows with every send (a delivered
    /// recipient is otherwise a counter on its broadcast); this is what keeps a
    /// three-month campaign's outbox at the size of its last `log-retention`.
    /// Failures go too: a failed delivery stays a row of `deliveries` (dead,
    /// with its reason) for `status` and `retry`; only its log entries age out.
    ///
    /// Entries are appended in time order, so the oldest ids are the oldest
    /// times: the scan stops after `limit` rows instead of reading the whole log
    /// for a time index it would need otherwise. An entry written with an older
    /// time after newer ones (the clock was set back) waits until those before
    /// it have aged out.
    @discardableResult
    package func pruneLog(before: Int64, limit: Int) throws -> Int {
        try database.transaction {
            try database.cached("""
                DELETE FROM attempts WHERE id IN (SELECT id FROM attempts ORDER BY id LIMIT ?2) AND at < ?1
                """).bind(before, limit).run()
            let attempts = database.changes
            try pruneSendSlots(before: before)
            // Receipts age out with the log; the counts on their broadcasts stay.
            try database.cached("""
                DELETE FROM receipts WHERE id IN (SELECT id FROM receipts ORDER BY id LIMIT ?2) AND at < ?1
                """).bind(before, limit).run()
            return attempts + database.changes
        }
    }
}
