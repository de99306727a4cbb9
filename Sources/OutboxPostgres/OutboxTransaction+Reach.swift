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
    /// up), or nothing to check; and which of them are opted out, when the
    /// channel is SMS. One statement for all of it, in one snapshot, its
    /// answer one row of arrays (a thousand claims as rows cost far more to
    /// receive and decode).
    func reachClaims(_ feed: ListFeed, _ recipients: [String]) async throws -> (claims: SliceClaims, optedOut: [String]) {
        let sms = feed.key.channel == "sms"
        guard feed.reach != nil || sms, !recipients.isEmpty else { return (SliceClaims(mode: .none), []) }
        let found = try await sql.first(SliceLookUp.self, [feed.reach, feed.id, recipients, sms]) { row in
            (readLater: try row.bool(0), claimed: try row.texts(1), taken: try row.texts(2), optedOut: try row.texts(3))
        }
        guard let found, feed.reach != nil else { return (SliceClaims(mode: .none), found?.optedOut ?? []) }
        if found.readLater { return (SliceClaims(mode: .claimed(Set(found.claimed))), found.optedOut) }
        return (SliceClaims(mode: found.taken.isEmpty ? .none : .taken(Set(found.taken))), found.optedOut)
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

/// A slice's numbers against its reach and the opt-out list. Whether the
/// reach is read later (another of its lists is still open) decides which of
/// the claim and the look-up runs.
private enum SliceLookUp: PreparedSQL {
    static let name = "slice_look_up"
    static let sql = """
        WITH later AS (
            SELECT EXISTS (SELECT 1 FROM broadcasts g
                           WHERE g.reach = $1::bigint AND g.id != $2::bigint AND g.state = 0 AND NOT g.exhausted) AS v),
        claimed AS (
            INSERT INTO reached (reach, phone) SELECT $1::bigint, p FROM unnest($3::text[]) AS t(p)
            WHERE $1::bigint IS NOT NULL AND (SELECT v FROM later)
            ON CONFLICT DO NOTHING RETURNING phone)
        SELECT (SELECT v FROM later),
            ARRAY(SELECT phone FROM claimed),
            ARRAY(SELECT phone FROM reached WHERE reach = $1::bigint AND phone = ANY($3::text[]) AND NOT (SELECT v FROM later)),
            ARRAY(SELECT phone FROM optouts WHERE $4::boolean AND phone = ANY($3::text[]))
        """
}
