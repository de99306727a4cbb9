import Outbox

/// One copy per person across overlapping lists: the same reaches, ranks and
/// `reached` numbers as the SQLite backend (docs/outbox.md, "Reaches"). A
/// claim is an insert into `reached` in the lease's transaction; an instance
/// claiming a number another instance is claiming waits for that commit and
/// then finds it taken, so a shared number goes out once across instances.
extension OutboxTransaction {
    /// The reach of a list broadcast with this key, made on first use.
    func reach(of key: BroadcastKey) async throws -> Int64 {
        try await sql.run("""
            INSERT INTO reaches (campaign, message, occurrence, channel) VALUES ($1::text, $2::text, $3::bigint, $4::text)
            ON CONFLICT DO NOTHING
            """, [key.campaign, key.message, key.occurrence, key.channel])
        guard let id = try await sql.first("""
            SELECT id FROM reaches WHERE campaign = $1::text AND message = $2::text AND occurrence = $3::bigint AND channel = $4::text
            """, [key.campaign, key.message, key.occurrence, key.channel], { try $0.int64(0) }) else {
            throw PostgresOutboxError("outbox (PostgreSQL): a reach recorded in this transaction is missing")
        }
        return id
    }

    /// What the reach says about a slice's numbers: claimed now (while another
    /// list of the reach is still to be read), already handed out (looked
    /// up), or nothing to check.
    func reachClaims(_ feed: ListFeed, _ recipients: [String]) async throws -> SliceClaims {
        guard let reach = feed.reach, !recipients.isEmpty else { return SliceClaims(mode: .none) }
        let readLater = try await sql.first("""
            SELECT EXISTS (SELECT 1 FROM broadcasts g
                           WHERE g.reach = $1::bigint AND g.id != $2::bigint AND g.state = 0 AND NOT g.exhausted)
            """, [reach, feed.id]) { try $0.bool(0) } ?? true
        if readLater {
            let claimed = try await sql.rows("""
                INSERT INTO reached (reach, phone) SELECT $1::bigint, p FROM unnest($2::text[]) AS t(p)
                ON CONFLICT DO NOTHING RETURNING phone
                """, [reach, recipients]) { try $0.text(0) }
            return SliceClaims(mode: .claimed(Set(claimed)))
        }
        let taken = try await sql.rows("SELECT phone FROM reached WHERE reach = $1::bigint AND phone = ANY($2::text[])",
                                       [reach, recipients]) { try $0.text(0) }
        return SliceClaims(mode: taken.isEmpty ? .none : .taken(Set(taken)))
    }

    /// Deletes up to `limit` rows of `reached` of reaches whose lists are all read or closed.
    func pruneReached(limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await sql.count("""
            DELETE FROM reached WHERE (reach, phone) IN (
                SELECT r.reach, r.phone FROM reached r
                WHERE NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.reach = r.reach AND b.state = 0 AND NOT b.exhausted)
                LIMIT $1::bigint)
            """, [limit])
    }
}

/// A slice's numbers against its reach, consumed in list order: the first
/// position of a number claimed now takes the claim, any later one is a duplicate.
struct SliceClaims {
    enum Mode {
        case none
        case claimed(Set<String>)
        case taken(Set<String>)
    }

    var mode: Mode

    /// True when the reach has not handed `recipient` out before.
    mutating func claim(_ recipient: String) -> Bool {
        switch mode {
        case .none:
            return true
        case .taken(let taken):
            return !taken.contains(recipient)
        case .claimed(var claimed):
            guard claimed.remove(recipient) != nil else { return false }
            mode = .claimed(claimed)
            return true
        }
    }
}
