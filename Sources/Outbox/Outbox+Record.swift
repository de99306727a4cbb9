extension Outbox {
    /// Applies a batch of outcomes and writes one attempt row each, in one
    /// transaction. An outcome counts only for a delivery `owner` still leases,
    /// except `delivered`, which is accepted from any state that has not ended:
    /// the person got the message, and recording it is what prevents a resend.
    /// Delivered rows are deleted and counted on their broadcast in the same
    /// commit, so the counts stay exact and the table stays small.
    @discardableResult
    public func record(_ outcomes: [Outcome], owner: String) throws -> RecordSummary {
        try database.transaction {
            var summary = RecordSummary()
            var deliveredByBroadcast: [Int64: Int64] = [:]
            var tallyByDestination: [String: (channel: String, delivered: Int64, failed: Int64)] = [:]
            for outcome in outcomes {
                guard let current = try currentLease(of: outcome.delivery),
                      current.accepts(outcome.result, from: owner) else {
                    summary.refused.append(outcome.delivery)
                    continue
                }
                try apply(outcome, to: current)
                summary.applied += 1
                var tally = tallyByDestination[current.destination] ?? (current.channel, 0, 0)
                switch outcome.result {
                case .delivered:
                    deliveredByBroadcast[current.broadcastID, default: 0] += 1
                    tally.delivered += 1
                case .retry, .dead:
                    tally.failed += 1
                case .skipped:
                    break
                }
                tallyByDestination[current.destination] = tally
            }
            let countDelivered = try database.cached("UPDATE broadcasts SET delivered = delivered + ?2 WHERE id = ?1")
            for (broadcast, count) in deliveredByBroadcast { try countDelivered.bind(broadcast, count).run() }
            let countDestination = try database.cached("""
                INSERT INTO destinations (name, channel, delivered, failed) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (name) DO UPDATE SET delivered = delivered + ?3, failed = failed + ?4
                """)
            for (name, tally) in tallyByDestination {
                try countDestination.bind(name, tally.channel, tally.delivered, tally.failed).run()
            }
            return summary
        }
    }

    private struct CurrentLease {
        var state: DeliveryState
        var owner: String?
        var broadcastID: Int64
        var broadcastState: DeliveryState
        var recipient: String
        var channel: String
        var destination: String

        func accepts(_ result: Outcome.Result, from owner: String) -> Bool {
            guard state.canMove(to: result.state) else { return false }
            return (state == .inFlight && self.owner == owner) || result.state == .delivered
        }
    }

    private func currentLease(of delivery: Int64) throws -> CurrentLease? {
        try database.cached("""
            SELECT d.state, d.lease_owner, d.broadcast_id, b.state, d.recipient, b.channel, b.destination
            FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id WHERE d.id = ?1
            """).bind(delivery).firstRow { row in
            CurrentLease(state: DeliveryState(rawValue: row.int64(0)) ?? .dead, owner: row.optionalText(1),
                         broadcastID: row.int64(2), broadcastState: DeliveryState(rawValue: row.int64(3)) ?? .cancelled, recipient: row.text(4),
                         channel: row.text(5), destination: row.text(6))
        }
    }

    private func apply(_ outcome: Outcome, to current: CurrentLease) throws {
        let attempted: Int64 = outcome.result.wasAttempted ? 1 : 0
        var state = outcome.result.state
        switch outcome.result {
        case .delivered:
            try database.cached("DELETE FROM deliveries WHERE id = ?1").bind(outcome.delivery).run()
        case .retry(let at, let reason):
            // A broadcast cancelled or skipped while this was in flight takes no
            // more attempts: the delivery follows the broadcast instead.
            if current.broadcastState != .pending { state = current.broadcastState }
            try settle(outcome.delivery, state: state, dueAt: at, reason: reason, attempted: attempted)
        case .dead, .skipped:
            try settle(outcome.delivery, state: state, dueAt: nil, reason: outcome.result.reason, attempted: attempted)
        }
        try logAttempt(broadcast: current.broadcastID, recipient: current.recipient, at: outcome.at,
                       outcome: state, httpStatus: outcome.httpStatus,
                       latencyMilliseconds: outcome.latencyMilliseconds, reason: outcome.result.reason,
                       gatewayMessageID: outcome.result.gatewayMessageID)
    }

    /// One row of the delivery log.
    func logAttempt(broadcast: Int64, recipient: String, at: Int64, outcome: DeliveryState, httpStatus: Int? = nil,
                    latencyMilliseconds: Int64? = nil, reason: String?, gatewayMessageID: String? = nil) throws {
        try database.cached("""
            INSERT INTO attempts (broadcast_id, recipient, at, outcome, http_status, latency_ms, reason, gateway_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """).bind(broadcast, recipient, at, outcome.rawValue, httpStatus, latencyMilliseconds, reason,
                      gatewayMessageID).run()
    }

    func settle(_ delivery: Int64, state: DeliveryState, dueAt: Int64?, reason: String?, attempted: Int64) throws {
        try database.cached("""
            UPDATE deliveries SET state = ?2, due_at = coalesce(?3, due_at), reason = ?4,
                attempts = attempts + ?5, lease_owner = NULL, lease_expires = NULL
            WHERE id = ?1
            """).bind(delivery, state.rawValue, dueAt, reason, attempted).run()
    }
}

extension Outcome.Result {
    var gatewayMessageID: String? {
        if case .delivered(let id) = self { return id }
        return nil
    }
}
