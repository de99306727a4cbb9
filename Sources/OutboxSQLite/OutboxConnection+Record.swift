import Outbox

extension OutboxConnection {
    /// Applies a batch of outcomes and writes one attempt row each, in one
    /// transaction. An outcome counts only for a delivery `owner` still leases,
    /// except `delivered`, which is accepted from any state that has not ended:
    /// the person got the message, and recording it is what prevents a resend.
    /// Delivered rows are deleted and counted on their broadcast in the same
    /// commit, so the counts stay exact and the table stays small.
    ///
    /// A delivered outcome, nearly every one in a broadcast, reads only its own
    /// row (its broadcast's channel and destination once per batch), with the
    /// statements looked up once per batch: this runs for every send.
    @discardableResult
    package func record(_ outcomes: [Outcome], owner: String) throws -> RecordSummary {
        try database.transaction {
            var summary = RecordSummary()
            var deliveredByBroadcast: [Int64: Int64] = [:]
            var tallyByDestination: [String: (channel: String, tally: DestinationTally)] = [:]
            var routes: [Int64: BroadcastRoute] = [:]
            var applied: [Outcome] = []
            let delivered = try DeliveredStatements(database: database)
            for outcome in outcomes {
                let broadcastID: Int64
                if case .delivered(let gatewayMessageID) = outcome.result {
                    guard let id = try delivered.apply(outcome, gatewayMessageID: gatewayMessageID) else {
                        summary.refused.append(outcome.delivery)
                        continue
                    }
                    broadcastID = id
                    deliveredByBroadcast[broadcastID, default: 0] += 1
                } else {
                    guard let current = try currentLease(of: outcome.delivery),
                          current.accepts(outcome.result, from: owner) else {
                        summary.refused.append(outcome.delivery)
                        continue
                    }
                    try apply(outcome, to: current)
                    broadcastID = current.broadcastID
                }
                summary.applied += 1
                applied.append(outcome)
                let route = try routes[broadcastID] ?? route(of: broadcastID)
                routes[broadcastID] = route
                // A routed delivery counts for the gateway that carried it.
                let destination = outcome.gateway ?? route.destination
                tallyByDestination[destination, default: (route.channel, DestinationTally())].tally.add(outcome)
                for gateway in outcome.failedOverFrom {
                    tallyByDestination[gateway, default: (route.channel, DestinationTally())].tally.failedOverFrom += 1
                }
            }
            let countDelivered = try database.cached("UPDATE broadcasts SET delivered = delivered + ?2 WHERE id = ?1")
            for (broadcast, count) in deliveredByBroadcast { try countDelivered.bind(broadcast, count).run() }
            let countDestination = try database.cached("""
                INSERT INTO destinations (name, channel, delivered, failed, failed_over_from, failed_over_to)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (name) DO UPDATE SET delivered = delivered + ?3, failed = failed + ?4,
                    failed_over_from = failed_over_from + ?5, failed_over_to = failed_over_to + ?6
                """)
            for (name, (channel, tally)) in tallyByDestination {
                try countDestination.bind(name, channel, tally.delivered, tally.failed, tally.failedOverFrom,
                                          tally.failedOverTo).run()
            }
            // The status page's chart: one upsert per quarter hour in the batch, nearly always one.
            let countSlot = try database.cached("""
                INSERT INTO sends_by_slot (start, delivered, failed) VALUES (?1, ?2, ?3)
                ON CONFLICT (start) DO UPDATE SET delivered = delivered + ?2, failed = failed + ?3
                """)
            for slot in SendSlot.tally(applied) { try countSlot.bind(slot.start, slot.delivered, slot.failed).run() }
            return summary
        }
    }

    /// A delivered outcome, nearly every one in a broadcast, reads only its own
    /// row, with statements looked up once per batch: this runs for every send.
    private struct DeliveredStatements {
        let read: Statement
        let delete: Statement
        let log: Statement

        init(database: Database) throws {
            read = try database.cached("SELECT state, broadcast_id, recipient FROM deliveries WHERE id = ?1")
            delete = try database.cached("DELETE FROM deliveries WHERE id = ?1")
            log = try database.cached(OutboxConnection.logAttemptSQL)
        }

        /// Deletes the row and logs the attempt; the broadcast's id, or nil when
        /// the delivery cannot move to delivered (gone, or already ended).
        func apply(_ outcome: Outcome, gatewayMessageID: String?) throws -> Int64? {
            let row = try read.bind(outcome.delivery).firstRow { row in
                (state: DeliveryState(rawValue: row.int64(0)), broadcastID: row.int64(1), recipient: row.text(2))
            }
            guard let row, row.state?.canMove(to: .delivered) == true else { return nil }
            try delete.bind(outcome.delivery).run()
            try log.bind(row.broadcastID, row.recipient, outcome.at, DeliveryState.delivered.rawValue, outcome.httpStatus,
                         outcome.latencyMilliseconds, nil as String?, gatewayMessageID).run()
            return row.broadcastID
        }
    }

    private struct BroadcastRoute {
        var channel: String
        var destination: String
    }

    /// A delivery row's broadcast; foreign keys (on, with cascade) keep it there.
    private func route(of broadcast: Int64) throws -> BroadcastRoute {
        guard let route = try database.cached("SELECT channel, destination FROM broadcasts WHERE id = ?1").bind(broadcast)
            .firstRow({ BroadcastRoute(channel: $0.text(0), destination: $0.text(1)) }) else {
            throw BroadcastMissing(id: broadcast)
        }
        return route
    }

    private struct CurrentLease {
        var state: DeliveryState
        var owner: String?
        var broadcastID: Int64
        var broadcastState: DeliveryState
        var recipient: String

        func accepts(_ result: Outcome.Result, from owner: String) -> Bool {
            guard state.canMove(to: result.state) else { return false }
            return (state == .inFlight && self.owner == owner) || result.state == .delivered
        }
    }

    private func currentLease(of delivery: Int64) throws -> CurrentLease? {
        try database.cached("""
            SELECT d.state, d.lease_owner, d.broadcast_id, b.state, d.recipient
            FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id WHERE d.id = ?1
            """).bind(delivery).firstRow { row in
            CurrentLease(state: DeliveryState(rawValue: row.int64(0)) ?? .dead, owner: row.optionalText(1),
                         broadcastID: row.int64(2), broadcastState: DeliveryState(rawValue: row.int64(3)) ?? .cancelled, recipient: row.text(4))
        }
    }

    private func apply(_ outcome: Outcome, to current: CurrentLease) throws {
        let attempted: Int64 = outcome.result.wasAttempted ? 1 : 0
        var state = outcome.result.state
        switch outcome.result {
        case .delivered:
            preconditionFailure("delivered outcomes are recorded by DeliveredStatements")
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
        try database.cached(Self.logAttemptSQL).bind(broadcast, recipient, at, outcome.rawValue, httpStatus, latencyMilliseconds, reason,
                      gatewayMessageID).run()
    }

    static let logAttemptSQL = """
        INSERT INTO attempts (broadcast_id, recipient, at, outcome, http_status, latency_ms, reason, gateway_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """

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

/// A delivery whose broadcast row is gone: only a broken outbox file can hold one.
struct BroadcastMissing: Error, CustomStringConvertible {
    var id: Int64

    var description: String { "outbox: delivery of broadcast \(id), which is missing" }
}
