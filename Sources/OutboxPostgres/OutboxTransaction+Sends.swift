import Outbox

/// The status page's sends per quarter hour (`sends_by_slot`, migration 7),
/// which `record` adds to in the outcome's transaction, from every instance.
extension OutboxTransaction {
    /// The slots that start in [from, to) and hold an attempt, oldest first: a primary-key range.
    func sendsBySlot(from: Int64, to: Int64) async throws -> [SendSlot] {
        try await sql.rows("""
            SELECT start, delivered, failed FROM sends_by_slot WHERE start >= $1::bigint AND start < $2::bigint ORDER BY start
            """, [from, to]) { SendSlot(start: try $0.int64(0), delivered: try $0.int64(1), failed: try $0.int64(2)) }
    }

    /// Slots that ended before `before` go with the log they count (96 rows a day).
    func pruneSendSlots(before: Int64) async throws {
        try await sql.run("DELETE FROM sends_by_slot WHERE start <= $1::bigint", [before - SendSlot.seconds])
    }
}
