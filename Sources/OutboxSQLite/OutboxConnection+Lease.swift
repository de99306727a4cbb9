import Outbox

extension OutboxConnection {
    /// Leases up to `limit` deliveries that are due at `now`, in one transaction:
    /// first stored ones (released or retrying) in due order, then fresh ones read
    /// from due broadcasts' lists through `source`, moving each cursor past what
    /// it handed out. Paused, cancelled and skipped broadcasts give nothing.
    /// An SMS recipient on the opt-out list is not leased but skipped, with
    /// reason `opted out`: checked here, the last moment before a send, an
    /// opt-out recorded a second ago is honoured. With `caps` (the campaign's,
    /// so pass `campaign` too) each delivery is counted against them at its
    /// first lease, and one they forbid is skipped with reason `capped`.
    ///
    /// A fresh recipient becomes an in-flight row in the same commit that moves
    /// the cursor, so after a crash it is either still ahead of the cursor or an
    /// expired lease that `releaseExpiredLeases` makes due again.
    /// `campaign` narrows the lease to one campaign: quiet hours are a campaign's,
    /// so a gateway shared by two campaigns may send for one while the other is quiet.
    /// `dueBy` (`LeaseRequest.dueBy`) leases what is due by then instead of by
    /// `now`, each lease saying its due time; expiry, caps and skips keep `now`.
    package func leaseBatch(now: Int64, limit: Int, owner: String, leaseSeconds: Int64,
                           channel: String? = nil, destination: String? = nil, campaign: String? = nil,
                           source: (any RecipientSource)? = nil, caps: CapPolicy? = nil,
                           dueBy: Int64? = nil) throws -> LeaseBatch {
        guard limit > 0 else { return LeaseBatch(leases: [], skipped: 0) }
        precondition(caps == nil || campaign != nil, "caps are a campaign's: lease with campaign: too")
        return try database.transaction {
            let expires = now + leaseSeconds
            let gate = LeaseGate(outbox: self, caps: caps)
            let dueBy = max(now, dueBy ?? now)
            var leases = try leaseStored(now: now, dueBy: dueBy, limit: limit, owner: owner, expires: expires,
                                         channel: channel, destination: destination, campaign: campaign, gate: gate)
            if let source, leases.count < limit {
                leases += try leaseFresh(now: now, dueBy: dueBy, limit: limit - leases.count, owner: owner, expires: expires,
                                         channel: channel, destination: destination, campaign: campaign,
                                         lists: ListSliceMemo(source: source), gate: gate)
            }
            return LeaseBatch(leases: leases, skipped: gate.skipped, heldProblems: gate.heldProblems)
        }
    }

    private func leaseStored(now: Int64, dueBy: Int64, limit: Int, owner: String, expires: Int64,
                             channel: String?, destination: String?, campaign: String?, gate: LeaseGate) throws -> [Lease] {
        let due = try database.cached("""
            SELECT d.id, d.recipient, d.attempts, b.id, b.campaign, b.message, b.occurrence, b.region,
                   b.channel, b.destination, b.text, d.due_at
            FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
            WHERE d.state IN (0, 2) AND d.due_at <= ?1 AND b.state = 0
              AND (?2 IS NULL OR b.channel = ?2) AND (?3 IS NULL OR b.destination = ?3)
              AND (?5 IS NULL OR b.campaign = ?5)
              AND \(BroadcastFilter.notPaused)
            ORDER BY d.due_at LIMIT ?4
            """).bind(dueBy, channel, destination, limit, campaign).rows { row in
            Lease(id: row.int64(0),
                  broadcastID: row.int64(3),
                  key: DeliveryKey(campaign: row.text(4), message: row.text(5), occurrence: row.int64(6),
                                   region: row.text(7), channel: row.text(8), recipient: row.text(1)),
                  destination: row.text(9), text: row.text(10), attempt: row.int(2) + 1, expires: expires,
                  due: row.int64(11))
        }
        let mark = try database.cached("""
            UPDATE deliveries SET state = 1, lease_owner = ?2, lease_expires = ?3 WHERE id = ?1
            """)
        let start = try database.cached("UPDATE broadcasts SET started_at = ?2 WHERE id = ?1 AND started_at IS NULL")
        var started: Set<Int64> = []
        var leases: [Lease] = []
        leases.reserveCapacity(due.count)
        for lease in due {
            if let reason = try gate.skipReason(for: lease.key, storedDelivery: lease.id) {
                try skipStored(lease, reason: reason, at: now)
            } else {
                try mark.bind(lease.id, owner, expires).run()
                leases.append(lease)
                if started.insert(lease.broadcastID).inserted { try start.bind(lease.broadcastID, max(now, lease.due)).run() }
            }
        }
        return leases
    }

    /// How many list positions one lease may read: enough to cross a long run of
    /// numbers a deeper list of the reach already sent (or opted out) — a city
    /// list that is the union of its counties' is all such numbers — without
    /// holding the write lock for more than about a tenth of a second.
    static func positionsPerLease(limit: Int) -> Int { max(limit, 1_024) * 64 }

    /// Reads on while the lease is short and positions are left: a slice may be
    /// all duplicates, and a list that ends may let a lower rank of its reach
    /// be read, so the feeds are asked again.
    private func leaseFresh(now: Int64, dueBy: Int64, limit: Int, owner: String, expires: Int64, channel: String?,
                            destination: String?, campaign: String?, lists: ListSliceMemo,
                            gate: LeaseGate) throws -> [Lease] {
        var leases: [Lease] = []
        var positions = Self.positionsPerLease(limit: min(limit, Int.max / 64))
        var progressed = true
        while progressed && leases.count < limit && positions > 0 {
            progressed = false
            let feeds = try database.cached("""
                SELECT b.id, b.campaign, b.message, b.occurrence, b.region, b.channel, b.audience,
                       b.destination, b.text, b.due_at, b.list, b.cursor_token, b.reach, b.list_identity
                FROM broadcasts b
                WHERE b.state = 0 AND b.exhausted = 0 AND b.due_at <= ?1
                  AND (?2 IS NULL OR b.channel = ?2) AND (?3 IS NULL OR b.destination = ?3)
                  AND (?5 IS NULL OR b.campaign = ?5)
                  AND \(BroadcastFilter.notPaused) AND \(OutboxConnection.notOutranked) AND \(OutboxConnection.notHeld)
                ORDER BY b.due_at LIMIT ?4
                """).bind(dueBy, channel, destination, limit - leases.count, campaign).rows { row in
                ListFeed(id: row.int64(0),
                     key: BroadcastKey(campaign: row.text(1), message: row.text(2), occurrence: row.int64(3),
                                       region: row.text(4), channel: row.text(5), audience: row.text(6)),
                     destination: row.text(7), text: row.text(8), dueAt: row.int64(9), list: row.text(10),
                     token: row.int64(11), reach: row.optionalInt64(12), identity: row.optionalText(13))
            }
            for feed in feeds where leases.count < limit && positions > 0 {
                let fed = try lease(from: feed, limit: min(limit - leases.count, positions), now: now, owner: owner,
                                    expires: expires, lists: lists, gate: gate)
                leases += fed.leases
                positions -= fed.read
                progressed = progressed || fed.read > 0 || fed.ended
            }
        }
        return leases
    }

    /// The leases read from `feed`'s list, the positions read, and whether the list ended.
    private func lease(from feed: ListFeed, limit: Int, now: Int64, owner: String, expires: Int64,
                       lists: ListSliceMemo, gate: LeaseGate) throws -> (leases: [Lease], read: Int, ended: Bool) {
        let slice: RecipientSlice
        do {
            slice = try lists.read(list: feed.list, from: feed.token, limit: limit)
        } catch let unavailable as RecipientListUnavailable {
            try hold(feed.id, problem: unavailable.description, now: now, gate: gate)
            return ([], 0, false)
        }
        if let started = feed.identity, let identity = slice.identity, identity != started {
            // The offset is the old file's: reading on would send to numbers never planned and skip planned ones.
            try holdChangedList(feed.id, list: feed.list, at: now, gate: gate)
            return ([], 0, false)
        }
        let insert = try database.cached("""
            INSERT OR IGNORE INTO deliveries (broadcast_id, recipient, state, due_at, lease_owner, lease_expires, cap_counted)
            VALUES (?1, ?2, 1, ?3, ?4, ?5, 1)
            """)
        var leases: [Lease] = []
        leases.reserveCapacity(slice.recipients.count)
        var stored: Int64 = 0
        var skips = SkipTally()
        let reached = try feed.reach.map { reach in try claims(in: reach, by: feed.id) } ?? nil
        for recipient in slice.recipients {
            if let reached, try !reached.claim(recipient) {
                gate.passedOverDuplicate()
                continue
            }
            let key = feed.key.deliveryKey(recipient: recipient)
            if let reason = try gate.skipReason(for: key) {
                try skipFresh(key, reason: reason, broadcast: feed.id, at: now, tally: &skips)
                continue
            }
            try insert.bind(feed.id, recipient, feed.dueAt, owner, expires).run()
            guard database.changes == 1 else {
                try gate.duplicateFound(key)
                continue
            }
            stored += 1
            leases.append(Lease(id: database.lastInsertRowID, broadcastID: feed.id, key: key,
                                destination: feed.destination, text: feed.text, attempt: 1, expires: expires,
                                due: feed.dueAt))
        }
        let handedOut = Int64(slice.recipients.count)
        try database.cached("""
            UPDATE broadcasts SET cursor = cursor + ?2, cursor_token = ?3, exhausted = ?4,
                duplicates = duplicates + ?5, total = CASE WHEN ?4 THEN cursor + ?2 ELSE total END,
                started_at = coalesce(started_at, ?6), held_until = NULL, problem = NULL,
                list_identity = coalesce(list_identity, ?7), list_changed = 0
            WHERE id = ?1
            """).bind(feed.id, handedOut, slice.next, slice.isEnd, handedOut - stored - skips.total, max(now, feed.dueAt),
                      slice.identity).run()
        try countSkips(skips, broadcast: feed.id)
        return (leases, slice.recipients.count, slice.isEnd)
    }

    /// Puts leases that expired by `now` back: never attempted → pending, else
    /// retrying, both due at once. The daemon calls this on start, which is how
    /// a SIGKILL or a power cut loses nothing.
    @discardableResult
    package func releaseExpiredLeases(now: Int64) throws -> Int {
        try database.transaction {
            try database.cached("""
                UPDATE deliveries SET state = CASE WHEN attempts > 0 THEN 2 ELSE 0 END,
                    lease_owner = NULL, lease_expires = NULL
                WHERE state = 1 AND lease_expires <= ?1
                """).bind(now).run()
            return database.changes
        }
    }

    /// Gives back every lease `owner` holds, expired or not: a graceful stop
    /// releases what it will not send so the next start sends it without waiting.
    @discardableResult
    package func releaseLeases(owner: String) throws -> Int {
        try database.transaction {
            try database.cached("""
                UPDATE deliveries SET state = CASE WHEN attempts > 0 THEN 2 ELSE 0 END,
                    lease_owner = NULL, lease_expires = NULL
                WHERE state = 1 AND lease_owner = ?1
                """).bind(owner).run()
            return database.changes
        }
    }
}

extension OutboxConnection {
    /// `leaseBatch`, for callers that need only the leases.
    package func leaseDue(now: Int64, limit: Int, owner: String, leaseSeconds: Int64,
                         channel: String? = nil, destination: String? = nil, campaign: String? = nil,
                         source: (any RecipientSource)? = nil, caps: CapPolicy? = nil) throws -> [Lease] {
        try leaseBatch(now: now, limit: limit, owner: owner, leaseSeconds: leaseSeconds, channel: channel,
                       destination: destination, campaign: campaign, source: source, caps: caps).leases
    }
}
