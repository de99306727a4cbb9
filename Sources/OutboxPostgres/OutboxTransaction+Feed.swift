import Outbox

extension OutboxTransaction {
    /// The leases read from `feed`'s list (its row locked by the caller), the
    /// positions read, and whether the list ended. As in SQLite, a fresh
    /// recipient becomes an in-flight row in the commit that moves the cursor.
    /// Claims, opt-out look-ups and the new rows go in batches: one statement
    /// for the slice's claims and opt-outs, one for its rows, the skips' log
    /// and the cursor.
    func lease(from feed: ListFeed, limit: Int, request: LeaseRequest,
               gate: LeaseGate) async throws -> (leases: [Lease], read: Int, ended: Bool) {
        let slice: RecipientSlice
        do {
            slice = try request.source.read(list: feed.list, from: feed.token, limit: limit)
        } catch let unavailable as RecipientListUnavailable {
            try await hold(feed.id, problem: unavailable.description, now: request.now, gate: gate)
            return ([], 0, false)
        }
        if let started = feed.identity, let identity = slice.identity, identity != started {
            try await holdChangedList(feed, at: request.now, gate: gate)
            return ([], 0, false)
        }
        let lookUp = try await reachClaims(feed, slice.recipients)
        var claims = lookUp.claims
        gate.know(optedOut: lookUp.optedOut)
        let keys = slice.recipients.map { feed.key.deliveryKey(recipient: $0) }
        // Which of the slice's numbers already have a row here: read only once a skip needs to know.
        var stored: Set<String>?
        var candidates: [DeliveryKey] = []
        var candidateSet: Set<String> = []
        var skips = SkipTally()
        var log = AttemptLog()
        for key in keys {
            if !claims.claim(key.recipient) {
                gate.passedOverDuplicate()
                continue
            }
            if let reason = try await gate.skipReason(for: key) {
                // A number with a row in this broadcast is a duplicate position, counted apart.
                if stored == nil {
                    stored = Set(try await sql.rows("""
                        SELECT recipient FROM deliveries WHERE broadcast_id = $1::bigint AND recipient = ANY($2::text[])
                        """, [feed.id, slice.recipients]) { try $0.text(0) })
                }
                if stored?.contains(key.recipient) == false && !candidateSet.contains(key.recipient) {
                    skips.add(reason)
                    log.add(broadcast: feed.id, recipient: key.recipient, at: request.now, outcome: .skipped, reason: reason.rawValue)
                }
                continue
            }
            candidates.append(key)
            candidateSet.insert(key.recipient)
        }
        let expires = request.now + request.leaseSeconds
        let handedOut = Int64(slice.recipients.count)
        // The rows, the skips' log and the cursor in one statement: what is
        // not inserted (a number with a row here already) counts as a duplicate.
        // The new ids come back as two arrays in one row: a thousand rows cost
        // this process far more to receive and decode one by one.
        let values: [any SQLValue] = [feed.id, candidates.map(\.recipient), feed.dueAt, request.owner, expires, generation,
                                      handedOut, slice.next, slice.isEnd, handedOut - skips.total, max(request.now, feed.dueAt),
                                      slice.identity, skips.capped, skips.optedOut]
        let rows = try await sql.first(SliceRows.self, values + log.values) { (try $0.texts(0), try $0.int64s(1)) } ?? ([], [])
        var inserted = Dictionary(zip(rows.0, rows.1), uniquingKeysWith: { first, _ in first })
        var leases: [Lease] = []
        for key in candidates {
            guard let id = inserted.removeValue(forKey: key.recipient) else {
                try await gate.duplicateFound(key)
                continue
            }
            leases.append(Lease(id: id, broadcastID: feed.id, key: key, destination: feed.destination, text: feed.text,
                                attempt: 1, expires: expires, due: feed.dueAt))
        }
        return (leases, slice.recipients.count, slice.isEnd)
    }
}

/// A slice's new in-flight rows, its skips' log and the broadcast's cursor.
private enum SliceRows: PreparedSQL {
    static let name = "slice_rows"
    static let sql = """
        WITH inserted AS (
            INSERT INTO deliveries (broadcast_id, recipient, state, due_at, lease_owner, lease_expires, lease_generation, cap_counted)
            SELECT $1::bigint, r, 1, $3::bigint, $4::text, $5::bigint, $6::bigint, true
            FROM unnest($2::text[]) WITH ORDINALITY AS t(r, n) ORDER BY n
            ON CONFLICT (broadcast_id, recipient) DO NOTHING
            RETURNING recipient, id),
        moved AS (
            UPDATE broadcasts SET cursor = cursor + $7::bigint, cursor_token = $8::bigint, exhausted = $9::boolean,
                duplicates = duplicates + $10::bigint - (SELECT count(*) FROM inserted),
                total = CASE WHEN $9::boolean THEN cursor + $7::bigint ELSE total END,
                started_at = coalesce(started_at, $11::bigint), held_until = NULL, problem = NULL,
                list_identity = coalesce(list_identity, $12::text), list_changed = false,
                capped = capped + $13::bigint, opted_out = opted_out + $14::bigint
            WHERE id = $1::bigint),
        logged AS (\(AttemptLog.insert(first: 15)))
        SELECT coalesce(array_agg(recipient ORDER BY id), '{}'), coalesce(array_agg(id ORDER BY id), '{}') FROM inserted
        """
}
