import Outbox

extension OutboxTransaction {
    /// Records a handset receipt, as the SQLite backend does (see
    /// `ReceiptOutbox.recordReceipt`): the destination's SMS broadcasts due
    /// since `since`, newest first, the first whose key the daemon's matcher
    /// accepts; the receipt written or replaced; the broadcast's counters moved
    /// from the old outcome to the new. The broadcast row is locked first, so
    /// two instances recording reports for one SMS move its counters one after
    /// the other.
    func recordReceipt(_ receipt: HandsetReceipt) async throws -> DeliveryKey? {
        let candidates = try await sql.rows("""
            SELECT id, campaign, message, occurrence, region, channel FROM broadcasts
            WHERE destination = $1::text AND channel = 'sms' AND due_at >= $2::bigint ORDER BY due_at DESC, id DESC
            """, [receipt.destination, receipt.since]) { row in
            (id: try row.int64(0), key: DeliveryKey(campaign: try row.text(1), message: try row.text(2), occurrence: try row.int64(3),
                                                    region: try row.text(4), channel: try row.text(5), recipient: receipt.recipient))
        }
        guard let match = candidates.first(where: { receipt.identifies($0.key) }) else { return nil }
        try await sql.run("SELECT 1 FROM broadcasts WHERE id = $1::bigint FOR UPDATE", [match.id])
        let previous = try await sql.rows("SELECT outcome FROM receipts WHERE broadcast_id = $1::bigint AND recipient = $2::text",
                                          [match.id, receipt.recipient]) { HandsetOutcome(rawValue: try $0.int64(0)) }.first ?? nil
        try await sql.run("""
            INSERT INTO receipts (broadcast_id, recipient, outcome, at, detail, gateway_id)
            VALUES ($1::bigint, $2::text, $3::smallint, $4::bigint, $5::text, $6::text)
            ON CONFLICT (broadcast_id, recipient) DO UPDATE SET outcome = excluded.outcome, at = excluded.at,
                detail = excluded.detail, gateway_id = coalesce(excluded.gateway_id, receipts.gateway_id)
            """, [match.id, receipt.recipient, receipt.outcome.rawValue, receipt.at, receipt.detail, receipt.gatewayMessageID])
        if previous != receipt.outcome {
            if let previous { try await countHandset(previous, of: match.id, by: -1) }
            try await countHandset(receipt.outcome, of: match.id, by: 1)
        }
        return match.key
    }

    private func countHandset(_ outcome: HandsetOutcome, of broadcast: Int64, by change: Int64) async throws {
        let column = outcome.counterColumn
        try await sql.run("UPDATE broadcasts SET \(column) = \(column) + $2::bigint WHERE id = $1::bigint", [broadcast, change])
    }

    /// The `handset_*` columns for a SELECT list; sums cast back to bigint.
    static func handsetColumns(prefix: String = "", aggregate: String? = nil) -> String {
        HandsetOutcome.counterColumns(prefix: prefix, aggregate: aggregate, cast: "::bigint")
    }

    /// Reads the columns `handsetColumns` listed, starting at `index`.
    static func handsetCounts(_ row: SQLRow, from index: Int) throws -> HandsetCounts {
        var counts = HandsetCounts()
        for (offset, outcome) in HandsetOutcome.allCases.enumerated() { counts[outcome] = try row.int64(index + offset) }
        return counts
    }
}
