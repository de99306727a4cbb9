import Outbox

/// Rows for the delivery log (`attempts`) gathered during one call and
/// written in one multi-row INSERT per thousand, instead of one round trip each.
struct AttemptLog {
    private var rows: [[any SQLValue]] = []

    mutating func add(broadcast: Int64, recipient: String, at: Int64, outcome: DeliveryState, httpStatus: Int? = nil,
                      latencyMilliseconds: Int64? = nil, reason: String?, gatewayMessageID: String? = nil) {
        rows.append([broadcast, recipient, at, outcome.rawValue, httpStatus.map(Int64.init), latencyMilliseconds, reason,
                     gatewayMessageID])
    }

    func write(_ sql: SQLSession) async throws {
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            let chunk = rows[start..<min(start + 1_000, rows.count)]
            let tuples = chunk.indices.map { index in
                let base = (index - start) * 8
                return "($\(base + 1)::bigint, $\(base + 2)::text, $\(base + 3)::bigint, $\(base + 4)::smallint, "
                    + "$\(base + 5)::bigint, $\(base + 6)::bigint, $\(base + 7)::text, $\(base + 8)::text)"
            }
            try await sql.run("""
                INSERT INTO attempts (broadcast_id, recipient, at, outcome, http_status, latency_ms, reason, gateway_id)
                VALUES \(tuples.joined(separator: ", "))
                """, chunk.flatMap { $0 })
        }
    }
}
