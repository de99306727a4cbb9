import Outbox

/// The status page's sends per quarter hour (`sends_by_slot`, migration 14),
/// which `record` adds to in the outcome's transaction.
extension OutboxConnection {
    /// The slots that start in [from, to) and hold an attempt, oldest first: a primary-key range.
    package func sendsBySlot(from: Int64, to: Int64) throws -> [SendSlot] {
        try database.read {
            try database.cached("""
                SELECT start, delivered, failed FROM sends_by_slot WHERE start >= ?1 AND start < ?2 ORDER BY start
                """).bind(from, to).rows { SendSlot(start: $0.int64(0), delivered: $0.int64(1), failed: $0.int64(2)) }
        }
    }

    /// Slots that ended before `before` go with the log they count (96 rows a day).
    func pruneSendSlots(before: Int64) throws {
        try database.cached("DELETE FROM sends_by_slot WHERE start <= ?1").bind(before - SendSlot.seconds).run()
    }
}
