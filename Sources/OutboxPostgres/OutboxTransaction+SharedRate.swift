import Outbox

/// A gateway's rate across instances: its token buckets are rows of
/// `rate_buckets`, locked by the lease transaction before anything else, so
/// the instances leasing for one destination queue on that row and each sees
/// what the previous one left. Taking the lock first also keeps one lock
/// order (bucket, then deliveries and broadcasts), so it adds no deadlock.
/// The refill is read on the database's clock once the lock is held: never
/// behind the last taker's, whatever the instances' clocks say.
extension OutboxTransaction {
    func holdSharedRate(_ request: LeaseRequest) async throws -> SharedRateHold? {
        guard !request.sharedRate.isEmpty else { return nil }
        let positions = request.sharedRate.indices.map(Int64.init)
        // The rows are made once per destination, so the lock is tried first: one round trip a turn, not two.
        if try await lockBuckets(request.destination) < positions.count {
            // A bucket never taken starts full; one another instance is creating is waited for.
            try await sql.run("""
                INSERT INTO rate_buckets (destination, bucket, tokens, updated_at)
                SELECT $1::text, s.bucket, s.burst, extract(epoch FROM clock_timestamp())::double precision
                FROM unnest($2::bigint[], $3::double precision[]) AS s(bucket, burst)
                ON CONFLICT (destination, bucket) DO NOTHING
                """, [request.destination, positions, request.sharedRate.map { Double($0.burst) }])
            _ = try await lockBuckets(request.destination)
        }
        // A new statement after the lock: it reads what the last holder committed, and a clock not behind its.
        let rows = try await sql.rows("""
            SELECT bucket, tokens, updated_at, extract(epoch FROM clock_timestamp())::double precision
            FROM rate_buckets WHERE destination = $1::text
            """, [request.destination]) { (bucket: try $0.int64(0), tokens: try $0.double(1), updatedAt: try $0.double(2),
                                           at: try $0.double(3)) }
        let stored = Dictionary(rows.map { ($0.bucket, (tokens: $0.tokens, updatedAt: $0.updatedAt)) }, uniquingKeysWith: { $1 })
        return SharedRateHold(destination: request.destination, buckets: request.sharedRate,
                              stored: positions.map { stored[$0] }, at: rows.first?.at ?? 0)
    }

    /// Locks the destination's bucket rows, in bucket order; how many there are.
    private func lockBuckets(_ destination: String) async throws -> Int {
        try await sql.rows("SELECT bucket FROM rate_buckets WHERE destination = $1::text ORDER BY bucket FOR UPDATE",
                           [destination]) { try $0.int64(0) }.count
    }

    /// Writes back what `leased` sends left in the held buckets.
    func spend(_ hold: SharedRateHold, leased: Int) async throws {
        try await sql.run("""
            UPDATE rate_buckets r SET tokens = s.tokens, updated_at = $4::double precision
            FROM unnest($2::bigint[], $3::double precision[]) AS s(bucket, tokens)
            WHERE r.destination = $1::text AND r.bucket = s.bucket
            """, [hold.destination, hold.buckets.indices.map(Int64.init), hold.left(after: leased), hold.at])
    }
}
