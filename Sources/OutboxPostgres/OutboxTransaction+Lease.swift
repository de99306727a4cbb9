import Outbox

extension OutboxTransaction {
    /// Leases up to `limit` due deliveries, as the SQLite backend does (stored
    /// ones first in due order, then fresh ones read from due broadcasts'
    /// lists), with the rows taken `FOR UPDATE SKIP LOCKED`: a delivery or a
    /// broadcast another instance is leasing right now is passed over, never
    /// waited for and never handed out twice. Opt-outs, caps and reach claims
    /// are checked in this transaction, so they hold across instances.
    func leaseBatch(_ request: LeaseRequest) async throws -> LeaseBatch {
        guard request.limit > 0 else { return LeaseBatch(leases: [], skipped: 0) }
        let gate = LeaseGate(work: self, caps: request.caps)
        var leases = try await leaseStored(request, gate: gate)
        if leases.count < request.limit {
            leases += try await leaseFresh(request, limit: request.limit - leases.count, gate: gate)
        }
        return LeaseBatch(leases: leases, skipped: gate.skipped, heldProblems: gate.heldProblems)
    }

    private func leaseStored(_ request: LeaseRequest, gate: LeaseGate) async throws -> [Lease] {
        let expires = request.now + request.leaseSeconds
        let due = try await sql.rows(StoredDue.self, [request.dueLimit, request.destination, request.campaign, request.limit]) { row in
            Lease(id: try row.int64(0), broadcastID: try row.int64(3),
                  key: DeliveryKey(campaign: try row.text(4), message: try row.text(5), occurrence: try row.int64(6),
                                   region: try row.text(7), channel: try row.text(8), recipient: try row.text(1)),
                  destination: try row.text(9), text: try row.text(10), attempt: try row.int(2) + 1, expires: expires,
                  due: try row.int64(11))
        }
        guard !due.isEmpty else { return [] }
        try await gate.prefetchOptOuts(due.map(\.key))
        var leases: [Lease] = []
        var skips = AttemptLog()
        var settles = Settlements()
        for lease in due {
            if let reason = try await gate.skipReason(for: lease.key, storedDelivery: lease.id) {
                settles.add(lease.id, state: .skipped, dueAt: nil, reason: reason.rawValue, attempted: 0)
                skips.add(broadcast: lease.broadcastID, recipient: lease.recipient, at: request.now, outcome: .skipped,
                          reason: reason.rawValue)
            } else {
                leases.append(lease)
            }
        }
        try await settle(settles)
        try await skips.write(sql)
        guard !leases.isEmpty else { return [] }
        try await sql.run("""
            WITH leased AS (
                UPDATE deliveries SET state = 1, lease_owner = $2::text, lease_expires = $3::bigint, lease_generation = $4::bigint
                WHERE id = ANY($1::bigint[]))
            UPDATE broadcasts SET started_at = $6::bigint WHERE id = ANY($5::bigint[]) AND started_at IS NULL
            """, [leases.map(\.id), request.owner, expires, generation, Array(Set(leases.map(\.broadcastID))).sorted(),
                  max(request.now, leases.map(\.due).min() ?? request.now)])
        return leases
    }

    /// How many list positions one lease may read (as in SQLite).
    static func positionsPerLease(limit: Int) -> Int { max(limit, 1_024) * 64 }

    /// Reads on while the lease is short and positions are left: a slice may be
    /// all duplicates, and a list that ends may let a lower rank be read.
    private func leaseFresh(_ request: LeaseRequest, limit: Int, gate: LeaseGate) async throws -> [Lease] {
        var leases: [Lease] = []
        var positions = Self.positionsPerLease(limit: min(limit, Int.max / 64))
        var progressed = true
        while progressed && leases.count < limit && positions > 0 {
            progressed = false
            let feeds = try await sql.rows(FeedingBroadcasts.self,
                                           [request.dueLimit, request.destination, request.campaign, limit - leases.count]) { row in
                ListFeed(id: try row.int64(0),
                     key: BroadcastKey(campaign: try row.text(1), message: try row.text(2), occurrence: try row.int64(3),
                                       region: try row.text(4), channel: try row.text(5), audience: try row.text(6)),
                     destination: try row.text(7), text: try row.text(8), dueAt: try row.int64(9), list: try row.text(10),
                     token: try row.int64(11), reach: try row.optionalInt64(12), identity: try row.optionalText(13))
            }
            for feed in feeds where leases.count < limit && positions > 0 {
                let fed = try await lease(from: feed, limit: min(limit - leases.count, positions), request: request, gate: gate)
                leases += fed.leases
                positions -= fed.read
                progressed = progressed || fed.read > 0 || fed.ended
            }
        }
        return leases
    }

    /// Puts leases that expired by `now` back: never attempted → pending, else retrying.
    func releaseExpiredLeases(now: Int64) async throws -> Int {
        try await sql.count("""
            UPDATE deliveries SET state = CASE WHEN attempts > 0 THEN 2 ELSE 0 END,
                lease_owner = NULL, lease_expires = NULL, lease_generation = NULL
            WHERE state = 1 AND lease_expires <= $1::bigint
            """, [now])
    }

    /// Gives back every lease `owner` holds (in this instance, when it has a generation).
    func releaseLeases(owner: String) async throws -> Int {
        try await sql.count("""
            UPDATE deliveries SET state = CASE WHEN attempts > 0 THEN 2 ELSE 0 END,
                lease_owner = NULL, lease_expires = NULL, lease_generation = NULL
            WHERE state = 1 AND lease_owner = $1::text AND ($2::bigint IS NULL OR lease_generation = $2::bigint)
            """, [owner, generation])
    }
}

/// A destination's stored deliveries that are due, oldest first, locked for the lease.
private enum StoredDue: PreparedSQL {
    static let name = "stored_due"
    static let sql = """
        SELECT d.id, d.recipient, d.attempts, b.id, b.campaign, b.message, b.occurrence, b.region,
               b.channel, b.destination, b.text, d.due_at
        FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
        WHERE d.state IN (0, 2) AND d.due_at <= $1::bigint AND b.state = 0
          AND b.destination = $2::text AND b.campaign = $3::text AND \(PostgresConditions.notPaused)
        ORDER BY d.due_at LIMIT $4::bigint
        FOR UPDATE OF d SKIP LOCKED
        """
}

/// A destination's broadcasts with list positions left to read, due first, locked for the lease.
private enum FeedingBroadcasts: PreparedSQL {
    static let name = "feeding_broadcasts"
    static let sql = """
        SELECT b.id, b.campaign, b.message, b.occurrence, b.region, b.channel, b.audience,
               b.destination, b.text, b.due_at, b.list, b.cursor_token, b.reach, b.list_identity
        FROM broadcasts b
        WHERE b.state = 0 AND NOT b.exhausted AND b.due_at <= $1::bigint
          AND b.destination = $2::text AND b.campaign = $3::text
          AND \(PostgresConditions.notPaused) AND \(PostgresConditions.notOutranked) AND \(PostgresConditions.notHeld)
        ORDER BY b.due_at, b.id LIMIT $4::bigint
        FOR UPDATE OF b SKIP LOCKED
        """
}
