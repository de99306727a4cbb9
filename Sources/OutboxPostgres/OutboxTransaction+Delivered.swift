import Outbox

/// The delivered outcomes' rows leave `deliveries` here. A batch that is all
/// plain deliveries (the dispatcher's common turn, and the whole of a drain)
/// is recorded by one statement: the DELETE, and only when it removed every
/// row asked, the log and the counters, each a data-modifying CTE fed by the
/// DELETE's own rows. The rows' broadcast and recipient then never travel to
/// this process and back, and a round trip is saved. When some row was not
/// removed (refused: it ended or was leased again elsewhere), the statement
/// writes nothing else and hands the removed rows back, and `record` logs and
/// counts them as for a mixed batch: what is refused never counts.
extension OutboxTransaction {
    /// Deletes the rows of `outcomes`' delivered ones; nil when the whole batch
    /// was also logged and counted, else the rows removed, by delivery.
    func removeDelivered(_ outcomes: [Outcome]) async throws -> [Int64: RemovedDelivery]? {
        let delivered = outcomes.filter { $0.result.state == .delivered }
        guard !delivered.isEmpty else { return [:] }
        let ids = delivered.map(\.delivery)
        // Failovers count on several gateways: rare, and left to the general path.
        guard delivered.count == outcomes.count, delivered.allSatisfy(\.failedOverFrom.isEmpty) else {
            return Dictionary(try await sql.rows("""
                DELETE FROM deliveries WHERE id = ANY($1::bigint[]) AND state IN (0, 1, 2) RETURNING id, broadcast_id, recipient
                """, [ids]) { (try $0.int64(0), RemovedDelivery(broadcast: try $0.int64(1), recipient: try $0.text(2))) },
                uniquingKeysWith: { first, _ in first })
        }
        var statuses = NullableColumn<Int64>(placeholder: 0)
        var latencies = NullableColumn<Int64>(placeholder: 0)
        var gatewayIDs = NullableColumn<String>(placeholder: "")
        for outcome in delivered {
            statuses.append(outcome.httpStatus.map(Int64.init))
            latencies.append(outcome.latencyMilliseconds)
            if case .delivered(let gatewayMessageID) = outcome.result { gatewayIDs.append(gatewayMessageID) }
        }
        let slots = SendSlot.tally(delivered)
        let values: [any SQLValue] = [ids, delivered.map(\.at), delivered.map { $0.gateway ?? "" }, statuses.values,
                                      statuses.present, latencies.values, latencies.present, gatewayIDs.values, gatewayIDs.present,
                                      DeliveryState.delivered.rawValue, slots.map(\.start), slots.map(\.delivered)]
        let rows = try await sql.rows(DeliveredBatch.self, values) { row in
            (ok: try row.bool(0), id: try row.optionalInt64(1), broadcast: try row.optionalInt64(2),
             recipient: try row.optionalText(3))
        }
        if rows.first?.ok == true { return nil }
        var removed: [Int64: RemovedDelivery] = [:]
        for row in rows {
            guard let id = row.id, let broadcast = row.broadcast, let recipient = row.recipient else { continue }
            removed[id] = RemovedDelivery(broadcast: broadcast, recipient: recipient)
        }
        return removed
    }
}

/// A delivered outcome's row, as its DELETE returned it.
struct RemovedDelivery {
    var broadcast: Int64
    var recipient: String
}

/// A batch of deliveries alone: the rows out, and only when every one was removed, the log and the counters.
private enum DeliveredBatch: PreparedSQL {
    static let name = "delivered_batch"
    static let sql = """
        WITH removed AS (
            DELETE FROM deliveries WHERE id = ANY($1::bigint[]) AND state IN (0, 1, 2) RETURNING id, broadcast_id, recipient),
        whole AS (SELECT count(*) = cardinality($1::bigint[]) AS ok FROM removed),
        applied AS (
            SELECT r.broadcast_id, r.recipient, o.*
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::boolean[], $6::bigint[], $7::boolean[],
                        $8::text[], $9::boolean[]) WITH ORDINALITY
                AS o(id, at, gateway, status, has_status, latency, has_latency, gateway_id, has_gateway_id, n)
            JOIN removed r ON r.id = o.id
            WHERE (SELECT ok FROM whole)),
        logged AS (
            INSERT INTO attempts (broadcast_id, recipient, at, outcome, http_status, latency_ms, gateway_id)
            SELECT broadcast_id, recipient, at, $10::bigint, CASE WHEN has_status THEN status END,
                   CASE WHEN has_latency THEN latency END, CASE WHEN has_gateway_id THEN gateway_id END
            FROM applied ORDER BY n),
        counted AS (
            UPDATE broadcasts b SET delivered = b.delivered + c.n
            FROM (SELECT broadcast_id, count(*) AS n FROM applied GROUP BY 1 ORDER BY 1) c WHERE b.id = c.broadcast_id),
        gateways AS (
            INSERT INTO destinations AS t (name, channel, delivered, failed, failed_over_from, failed_over_to)
            SELECT coalesce(nullif(a.gateway, ''), b.destination), min(b.channel), count(*), 0, 0, 0
            FROM applied a JOIN broadcasts b ON b.id = a.broadcast_id
            GROUP BY 1 ORDER BY 1
            ON CONFLICT (name) DO UPDATE SET delivered = t.delivered + excluded.delivered),
        slots AS (
            INSERT INTO sends_by_slot AS t (start, delivered, failed)
            SELECT s.start, s.delivered, 0 FROM unnest($11::bigint[], $12::bigint[]) AS s(start, delivered)
            WHERE (SELECT ok FROM whole)
            ON CONFLICT (start) DO UPDATE SET delivered = t.delivered + excluded.delivered)
        SELECT w.ok, r.id, r.broadcast_id, r.recipient FROM whole w LEFT JOIN removed r ON NOT w.ok
        """
}
