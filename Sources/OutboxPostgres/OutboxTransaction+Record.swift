import Outbox

extension OutboxTransaction {
    /// Applies a batch of outcomes and logs one attempt each, with the SQLite
    /// backend's rules: an outcome counts only for a delivery `owner` still
    /// leases in this instance (owner and generation: fencing), except
    /// `delivered`, accepted from any state that has not ended, since the
    /// person got the message. Delivered rows are deleted and counted on their
    /// broadcast. Delivered outcomes, nearly all of them, cost one DELETE for
    /// the batch; the rest are read together and settled one by one.
    func record(_ outcomes: [Outcome], owner: String) async throws -> RecordSummary {
        var summary = RecordSummary()
        guard !outcomes.isEmpty else { return summary }
        let deliveredIDs = outcomes.filter { $0.result.state == .delivered }.map(\.delivery)
        var removed: [Int64: (broadcast: Int64, recipient: String)] = [:]
        if !deliveredIDs.isEmpty {
            for row in try await sql.rows("""
                DELETE FROM deliveries WHERE id = ANY($1::bigint[]) AND state IN (0, 1, 2) RETURNING id, broadcast_id, recipient
                """, [deliveredIDs], { (try $0.int64(0), try $0.int64(1), try $0.text(2)) }) {
                removed[row.0] = (row.1, row.2)
            }
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
                try await settle(outcome.delivery, state: state, dueAt: dueAt, reason: outcome.result.reason,
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
        try await log.write(sql)
        try await count(deliveredByBroadcast, tallies)
        try await count(SendSlot.tally(applied))
        return summary
    }

    /// Adds delivered counts to broadcasts (in id order, so two instances lock
    /// them in the same order) and the outcomes to their destinations.
    private func count(_ deliveredByBroadcast: [Int64: Int64], _ tallies: [TallyKey: DestinationTally]) async throws {
        let ordered = deliveredByBroadcast.sorted { $0.key < $1.key }
        if !ordered.isEmpty {
            try await sql.run("""
                UPDATE broadcasts b SET delivered = b.delivered + c.n
                FROM unnest($1::bigint[], $2::bigint[]) AS c(id, n) WHERE b.id = c.id
                """, [ordered.map(\.key), ordered.map(\.value)])
        }
        guard !tallies.isEmpty else { return }
        let keys = tallies.keys.sorted { ($0.broadcast, $0.gateway) < ($1.broadcast, $1.gateway) }
        try await sql.run("""
            INSERT INTO destinations AS t (name, channel, delivered, failed, failed_over_from, failed_over_to)
            SELECT coalesce(nullif(c.gateway, ''), b.destination), min(b.channel), sum(c.delivered)::bigint, sum(c.failed)::bigint,
                sum(c.away)::bigint, sum(c.arrived)::bigint
            FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
                AS c(id, gateway, delivered, failed, away, arrived)
            JOIN broadcasts b ON b.id = c.id
            GROUP BY 1 ORDER BY 1
            ON CONFLICT (name) DO UPDATE SET delivered = t.delivered + excluded.delivered, failed = t.failed + excluded.failed,
                failed_over_from = t.failed_over_from + excluded.failed_over_from,
                failed_over_to = t.failed_over_to + excluded.failed_over_to
            """, [keys.map(\.broadcast), keys.map(\.gateway), keys.map { tallies[$0]!.delivered }, keys.map { tallies[$0]!.failed },
                   keys.map { tallies[$0]!.failedOverFrom }, keys.map { tallies[$0]!.failedOverTo }])
    }

    /// The status page's chart: one statement for the batch's quarter hours (nearly
    /// always one), in start order so two instances lock the rows in the same order.
    private func count(_ slots: [SendSlot]) async throws {
        guard !slots.isEmpty else { return }
        try await sql.run("""
            INSERT INTO sends_by_slot AS t (start, delivered, failed)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
            ON CONFLICT (start) DO UPDATE SET delivered = t.delivered + excluded.delivered, failed = t.failed + excluded.failed
            """, [slots.map(\.start), slots.map(\.delivered), slots.map(\.failed)])
    }

    func settle(_ delivery: Int64, state: DeliveryState, dueAt: Int64?, reason: String?, attempted: Int64) async throws {
        try await sql.run("""
            UPDATE deliveries SET state = $2::smallint, due_at = coalesce($3::bigint, due_at), reason = $4::text,
                attempts = attempts + $5::bigint, lease_owner = NULL, lease_expires = NULL, lease_generation = NULL
            WHERE id = $1::bigint
            """, [delivery, state.rawValue, dueAt, reason, attempted])
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
