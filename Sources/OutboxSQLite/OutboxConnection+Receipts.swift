import Outbox

extension OutboxConnection {
    /// Records a handset receipt in one transaction: finds its broadcast (see
    /// `ReceiptOutbox.recordReceipt`), writes or replaces the SMS's receipt, and
    /// moves the broadcast's `handset_*` counters from the old outcome to the new.
    ///
    /// The search reads the destination's SMS broadcasts due since `since`
    /// (a few per day, not a row per recipient) and asks the daemon's matcher
    /// about each: no index on the log is needed, so sending costs nothing more.
    package func recordReceipt(_ receipt: HandsetReceipt) throws -> DeliveryKey? {
        try database.transaction {
            let candidates = try database.cached("""
                SELECT id, campaign, message, occurrence, region, channel FROM broadcasts
                WHERE destination = ?1 AND channel = 'sms' AND due_at >= ?2 ORDER BY due_at DESC, id DESC
                """).bind(receipt.destination, receipt.since).rows { row in
                (id: row.int64(0), key: DeliveryKey(campaign: row.text(1), message: row.text(2), occurrence: row.int64(3),
                                                    region: row.text(4), channel: row.text(5), recipient: receipt.recipient))
            }
            guard let match = candidates.first(where: { receipt.identifies($0.key) }) else { return nil }
            let previous = try database.cached("SELECT outcome FROM receipts WHERE broadcast_id = ?1 AND recipient = ?2")
                .bind(match.id, receipt.recipient).firstRow { HandsetOutcome(rawValue: $0.int64(0)) } ?? nil
            try database.cached("""
                INSERT INTO receipts (broadcast_id, recipient, outcome, at, detail, gateway_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (broadcast_id, recipient) DO UPDATE SET outcome = ?3, at = ?4, detail = ?5,
                    gateway_id = coalesce(?6, gateway_id)
                """).bind(match.id, receipt.recipient, receipt.outcome.rawValue, receipt.at, receipt.detail,
                          receipt.gatewayMessageID).run()
            if previous != receipt.outcome {
                if let previous { try countHandset(previous, of: match.id, by: -1) }
                try countHandset(receipt.outcome, of: match.id, by: 1)
            }
            return match.key
        }
    }

    private func countHandset(_ outcome: HandsetOutcome, of broadcast: Int64, by change: Int64) throws {
        let column = outcome.counterColumn
        try database.cached("UPDATE broadcasts SET \(column) = \(column) + ?2 WHERE id = ?1").bind(broadcast, change).run()
    }

    /// The `handset_*` columns for a SELECT list.
    static func handsetColumns(prefix: String = "", aggregate: String? = nil) -> String {
        HandsetOutcome.counterColumns(prefix: prefix, aggregate: aggregate)
    }

    /// Reads the columns `handsetColumns` listed, starting at `index`.
    static func handsetCounts(_ row: Statement, from index: Int32) -> HandsetCounts {
        var counts = HandsetCounts()
        for (offset, outcome) in HandsetOutcome.allCases.enumerated() { counts[outcome] = row.int64(index + Int32(offset)) }
        return counts
    }
}
