import Outbox

extension OutboxTransaction {
    /// Applies a batch of outcomes and logs one attempt each, with the SQLite
    /// backend's rules: an outcome counts only for a delivery `owner` still
    /// leases in this instance (owner and generation: fencing), except
    /// `delivered`, accepted from any state that has not ended, since the
    /// person got the message. Delivered rows are deleted and counted on their
    /// broadcast. A batch of deliveries alone is one statement
    /// (`removeDelivered`); otherwise each is a round trip: one DELETE for the
    /// delivered outcomes, one read and one UPDATE for the rest, and one
    /// statement for the log and the counters, however large the batch.
    func record(_ outcomes: [Outcome], owner: String) async throws -> RecordSummary {
        var summary = RecordSummary()
        guard !outcomes.isEmpty else { return summary }
        guard var removed = try await removeDelivered(outcomes) else {
            summary.applied = outcomes.count
            return summary
        }
        let otherIDs = outcomes.filter { $0.result.state != .delivered }.map(\.delivery)
        var current: [Int64: CurrentLease] = [:]
        if !otherIDs.isEmpty {
            for lease in try await sql.rows("""
                SELECT d.id, d.state, d.lease_owner, d.lease_generation, d.broadcast_id, b.state, d.recipient
                FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id WHERE d.id = ANY($1::bigint[])
                ORDER BY d.id FOR UPDATE OF d
                """, [otherIDs], { row in
                CurrentLease(id: try row.int64(0), state: DeliveryState(rawValue: try row.int64(1)) ?? .dead,
                             owner: try row.optionalText(2), generation: try row.optionalInt64(3), broadcastID: try row.int64(4),
                             broadcastState: DeliveryState(rawValue: try row.int64(5)) ?? .cancelled, recipient: try row.text(6))
            }) {
                current[lease.id] = lease
            }
        }
        var log = AttemptLog()
        var settles = Settlements()
        var deliveredByBroadcast: [Int64: Int64] = [:]
        var tallies: [TallyKey: DestinationTally] = [:]
        var applied: [Outcome] = []
        for outcome in outcomes {
            let broadcastID: Int64
            if case .delivered(let gatewayMessageID) = outcome.result {
                guard let row = removed.removeValue(forKey: outcome.delivery) else {
                    summary.refused.append(outcome.delivery)
                    continue
                }
                broadcastID = row.broadcast
                deliveredByBroadcast[broadcastID, default: 0] += 1
                log.add(broadcast: broadcastID, recipient: row.recipient, at: outcome.at, outcome: .delivered,
                        httpStatus: outcome.httpStatus, latencyMilliseconds: outcome.latencyMilliseconds, reason: nil,
                        gatewayMessageID: gatewayMessageID)
            } else {
                guard let lease = current[outcome.delivery], lease.accepts(outcome.result, from: owner, generation: generation) else {
                    summary.refused.append(outcome.delivery)
                    continue
                }
                var state = outcome.result.state
                var dueAt: Int64?
                if case .retry(let at, _) = outcome.result {
                    // A broadcast closed while this was in flight takes no more attempts.
                    if lease.broadcastState != .pending { state = lease.broadcastState }
                    dueAt = at
                }
                settles.add(outcome.delivery, state: state, dueAt: dueAt, reason: outcome.result.reason,
                            attempted: outcome.result.wasAttempted ? 1 : 0)
                current[outcome.delivery]?.state = state
                broadcastID = lease.broadcastID
                log.add(broadcast: broadcastID, recipient: lease.recipient, at: outcome.at, outcome: state,
                        httpStatus: outcome.httpStatus, latencyMilliseconds: outcome.latencyMilliseconds,
                        reason: outcome.result.reason)
            }
            summary.applied += 1
            applied.append(outcome)
            // A routed delivery counts for the gateway that carried it.
            tallies[TallyKey(broadcast: broadcastID, gateway: outcome.gateway ?? ""), default: DestinationTally()].add(outcome)
            for gateway in outcome.failedOverFrom {
                tallies[TallyKey(broadcast: broadcastID, gateway: gateway), default: DestinationTally()].failedOverFrom += 1
            }
        }
        try await settle(settles)
        try await count(deliveredByBroadcast, tallies, SendSlot.tally(applied), log: log)
        return summary
    }

    /// Writes the log and adds what was applied to the counters, in one statement
    /// (each part a data-modifying CTE): delivered counts on broadcasts, outcomes
    /// on their destinations (or the gateways that carried them), and the status
    /// page's chart by quarter hour. Each part's rows are in key order, so two
    /// instances counting at once lock them in the same order.
    private func count(_ deliveredByBroadcast: [Int64: Int64], _ tallies: [TallyKey: DestinationTally], _ slots: [SendSlot],
                       log: AttemptLog) async throws {
        guard !log.isEmpty || !tallies.isEmpty || !slots.isEmpty else { return }
        let ordered = deliveredByBroadcast.sorted { $0.key < $1.key }
        let keys = tallies.keys.sorted { ($0.broadcast, $0.gateway) < ($1.broadcast, $1.gateway) }
        try await sql.run("""
            WITH logged AS (\(AttemptLog.insert(first: 12))),
            counted AS (
                UPDATE broadcasts b SET delivered = b.delivered + c.n
                FROM unnest($1::bigint[], $2::bigint[]) AS c(id, n) WHERE b.id = c.id),
            gateways AS (
                INSERT INTO destinations AS t (name, channel, delivered, failed, failed_over_from, failed_over_to)
                SELECT coalesce(nullif(c.gateway, ''), b.destination), min(b.channel), sum(c.delivered)::bigint, sum(c.failed)::bigint,
                    sum(c.away)::bigint, sum(c.arrived)::bigint
                FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
                    AS c(id, gateway, delivered, failed, away, arrived)
                JOIN broadcasts b ON b.id = c.id
                GROUP BY 1 ORDER BY 1
                ON CONFLICT (name) DO UPDATE SET delivered = t.delivered + excluded.delivered, failed = t.failed + excluded.failed,
                    failed_over_from = t.failed_over_from + excluded.failed_over_from,
                    failed_over_to = t.failed_over_to + excluded.failed_over_to)
            INSERT INTO sends_by_slot AS t (start, delivered, failed)
            SELECT * FROM unnest($9::bigint[], $10::bigint[], $11::bigint[])
            ON CONFLICT (start) DO UPDATE SET delivered = t.delivered + excluded.delivered, failed = t.failed + excluded.failed
            """, [ordered.map(\.key), ordered.map(\.value),
                   keys.map(\.broadcast), keys.map(\.gateway), keys.map { tallies[$0]!.delivered }, keys.map { tallies[$0]!.failed },
                   keys.map { tallies[$0]!.failedOverFrom }, keys.map { tallies[$0]!.failedOverTo },
                   slots.map(\.start), slots.map(\.delivered), slots.map(\.failed)] + log.values)
    }

    /// Moves the settled deliveries out of their leases, in one UPDATE (each delivery at most once).
    func settle(_ settles: Settlements) async throws {
        guard !settles.ids.isEmpty else { return }
        try await sql.run("""
            UPDATE deliveries d SET state = s.state::smallint, due_at = CASE WHEN s.has_due THEN s.due_at ELSE d.due_at END,
                reason = CASE WHEN s.has_reason THEN s.reason END, attempts = d.attempts + s.attempted,
                lease_owner = NULL, lease_expires = NULL, lease_generation = NULL
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::boolean[], $5::text[], $6::boolean[], $7::bigint[])
                AS s(id, state, due_at, has_due, reason, has_reason, attempted)
            WHERE d.id = s.id
            """, [settles.ids, settles.states, settles.dueAts.values, settles.dueAts.present, settles.reasons.values,
                  settles.reasons.present, settles.attempted])
    }
}

/// Deliveries leaving their leases in one call: their new state, when they are
/// due again (nil: as they were), why, and whether this was an attempt.
struct Settlements {
    private(set) var ids: [Int64] = []
    private(set) var states: [Int64] = []
    private(set) var dueAts = NullableColumn<Int64>(placeholder: 0)
    private(set) var reasons = NullableColumn<String>(placeholder: "")
    private(set) var attempted: [Int64] = []

    mutating func add(_ delivery: Int64, state: DeliveryState, dueAt: Int64?, reason: String?, attempted: Int64) {
        ids.append(delivery)
        states.append(state.rawValue)
        dueAts.append(dueAt)
        reasons.append(reason)
        self.attempted.append(attempted)
    }
}

/// Whose counts an outcome moves: its broadcast's destination, or the gateway
/// of a route that carried it ("" when it was not routed).
private struct TallyKey: Hashable {
    var broadcast: Int64
    var gateway: String
}

private struct CurrentLease {
    var id: Int64
    var state: DeliveryState
    var owner: String?
    var generation: Int64?
    var broadcastID: Int64
    var broadcastState: DeliveryState
    var recipient: String

    /// Only the lease's owner, in the instance that took it, settles it.
    func accepts(_ result: Outcome.Result, from owner: String, generation caller: Int64?) -> Bool {
        guard state.canMove(to: result.state) else { return false }
        return state == .inFlight && self.owner == owner && (caller == nil || generation == caller)
    }
}
