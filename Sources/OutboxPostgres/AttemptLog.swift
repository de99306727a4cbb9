import Outbox
import PostgresNIO

/// Rows for the delivery log (`attempts`) gathered during one call and
/// written in one statement: each column bound as one array and `unnest`ed.
/// Why not a multi-row VALUES: a thousand outcomes made 8,000 parameters and a
/// statement text the server parsed and planned anew on every call.
/// postgres-nio binds no arrays with NULL elements, so each column that may
/// be NULL travels with an array saying which entries are present.
struct AttemptLog {
    private var broadcasts: [Int64] = []
    private var recipients: [String] = []
    private var times: [Int64] = []
    private var outcomes: [Int64] = []
    private var statuses = NullableColumn<Int64>(placeholder: 0)
    private var latencies = NullableColumn<Int64>(placeholder: 0)
    private var reasons = NullableColumn<String>(placeholder: "")
    private var gatewayIDs = NullableColumn<String>(placeholder: "")

    var isEmpty: Bool { broadcasts.isEmpty }

    mutating func add(broadcast: Int64, recipient: String, at: Int64, outcome: DeliveryState, httpStatus: Int? = nil,
                      latencyMilliseconds: Int64? = nil, reason: String?, gatewayMessageID: String? = nil) {
        broadcasts.append(broadcast)
        recipients.append(recipient)
        times.append(at)
        outcomes.append(outcome.rawValue)
        statuses.append(httpStatus.map(Int64.init))
        latencies.append(latencyMilliseconds)
        reasons.append(reason)
        gatewayIDs.append(gatewayMessageID)
    }

    /// The INSERT, numbering its parameters from `$first`, for `write` or a statement that carries it along.
    static func insert(first: Int) -> String {
        let p = { (offset: Int) in "$\(first + offset)" }
        return """
            INSERT INTO attempts (broadcast_id, recipient, at, outcome, http_status, latency_ms, reason, gateway_id)
            SELECT a.broadcast_id, a.recipient, a.at, a.outcome::smallint, CASE WHEN a.has_status THEN a.status END,
                   CASE WHEN a.has_latency THEN a.latency END, CASE WHEN a.has_reason THEN a.reason END,
                   CASE WHEN a.has_gateway_id THEN a.gateway_id END
            FROM unnest(\(p(0))::bigint[], \(p(1))::text[], \(p(2))::bigint[], \(p(3))::bigint[], \(p(4))::bigint[], \(p(5))::boolean[],
                        \(p(6))::bigint[], \(p(7))::boolean[], \(p(8))::text[], \(p(9))::boolean[], \(p(10))::text[], \(p(11))::boolean[])
                AS a(broadcast_id, recipient, at, outcome, status, has_status, latency, has_latency, reason, has_reason,
                     gateway_id, has_gateway_id)
            """
    }

    /// The values of `insert`'s parameters, in order.
    var values: [any SQLValue] {
        [broadcasts, recipients, times, outcomes, statuses.values, statuses.present, latencies.values, latencies.present,
         reasons.values, reasons.present, gatewayIDs.values, gatewayIDs.present]
    }

    func write(_ sql: SQLSession) async throws {
        guard !isEmpty else { return }
        try await sql.run(Self.insert(first: 1), values)
    }
}

/// A column that may be NULL, bound as its values (a placeholder where NULL) and whether each is present.
struct NullableColumn<Value: PostgresArrayValue> {
    let placeholder: Value
    private(set) var values: [Value] = []
    private(set) var present: [Bool] = []

    init(placeholder: Value) {
        self.placeholder = placeholder
    }

    mutating func append(_ value: Value?) {
        values.append(value ?? placeholder)
        present.append(value != nil)
    }
}
