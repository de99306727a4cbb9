import Outbox

extension OutboxConnection {
    /// Broadcasts matching `filter`, latest due first, each with exact counts.
    package func broadcastStatuses(_ filter: BroadcastFilter = .all, limit: Int = 50) throws -> [BroadcastStatus] {
        try database.read { try readBroadcastStatuses(filter, limit: limit) }
    }

    private func readBroadcastStatuses(_ filter: BroadcastFilter, limit: Int) throws -> [BroadcastStatus] {
        let broadcasts = try database.cached("""
            SELECT b.id, b.campaign, b.message, b.occurrence, b.region, b.channel, b.audience, b.destination,
                   b.due_at, b.state, b.reason, b.total, b.cursor, b.duplicates, b.delivered,
                   NOT \(BroadcastFilter.notPaused), b.started_at, b.capped + b.opted_out,
                   \(OutboxConnection.handsetColumns(prefix: "b."))
            FROM broadcasts b WHERE \(filter.sqlCondition)
            ORDER BY b.due_at DESC, b.id DESC LIMIT ?9
            """).bind(filter.bindings + [limit]).rows { row in
            var counts = StateCounts()
            counts.delivered = row.int64(14)
            counts.skipped = row.int64(17)
            let state = DeliveryState(rawValue: row.int64(9)) ?? .pending
            let total = row.optionalInt64(11)
            if let total {
                counts[state] += total - row.int64(12)
            }
            var status = BroadcastStatus(
                id: row.int64(0),
                key: BroadcastKey(campaign: row.text(1), message: row.text(2), occurrence: row.int64(3),
                                  region: row.text(4), channel: row.text(5), audience: row.text(6)),
                destination: row.text(7), dueAt: row.int64(8), startedAt: row.optionalInt64(16),
                state: state, reason: row.optionalText(10),
                paused: row.int64(15) == 1, total: total, cursor: row.int64(12), duplicates: row.int64(13),
                counts: counts)
            status.handset = OutboxConnection.handsetCounts(row, from: 18)
            return status
        }
        let stored = try database.cached("SELECT state, count(*) FROM deliveries WHERE broadcast_id = ?1 GROUP BY state")
        return try broadcasts.map { broadcast in
            var status = broadcast
            for (state, count) in try stored.bind(broadcast.id).rows({ ($0.int64(0), $0.int64(1)) }) {
                if let state = DeliveryState(rawValue: state) { status.counts[state] += count }
            }
            return status
        }
    }

    /// Occurrences matching `filter`, latest first, each with its parts.
    package func occurrenceStatuses(_ filter: BroadcastFilter = .all, limit: Int = 20) throws -> [OccurrenceStatus] {
        try database.read { try readOccurrenceStatuses(filter, limit: limit) }
    }

    private func readOccurrenceStatuses(_ filter: BroadcastFilter, limit: Int) throws -> [OccurrenceStatus] {
        let occurrences = try database.cached("""
            SELECT b.campaign, b.message, b.occurrence, min(b.due_at) FROM broadcasts b
            WHERE \(filter.sqlCondition)
            GROUP BY 1, 2, 3 ORDER BY 3 DESC, 2 LIMIT ?9
            """).bind(filter.bindings + [limit]).rows { row in
            OccurrenceStatus(campaign: row.text(0), message: row.text(1), occurrence: row.int64(2), dueAt: row.int64(3), parts: [])
        }
        return try occurrences.map { occurrence in
            var parts = filter
            parts.campaign = occurrence.campaign
            parts.message = occurrence.message
            parts.occurrence = occurrence.occurrence
            var status = occurrence
            status.parts = try readBroadcastStatuses(parts, limit: Int.max)
            return status
        }
    }

    /// Messages with open broadcasts occurring at or after `from`: a reload
    /// cancels those of them the new schedule no longer has.
    package func messagesWithOpenBroadcasts(campaign: String, occurringFrom from: Int64) throws -> [String] {
        try database.cached("""
            SELECT DISTINCT message FROM broadcasts WHERE campaign = ?1 AND occurrence >= ?2 AND state = 0 ORDER BY message
            """).bind(campaign, from).rows { $0.text(0) }
    }

    /// Totals by state for each channel and destination, over every broadcast.
    package func destinationCounts() throws -> [DestinationCounts] {
        try database.read { try readDestinationCounts() }
    }

    private func readDestinationCounts() throws -> [DestinationCounts] {
        var totals = DestinationCounts.Tally()
        func add(channel: String, destination: String, state: DeliveryState, count: Int64) {
            totals.add(channel: channel, destination: destination, state: state, count: count)
        }
        try database.cached("""
            SELECT b.channel, b.destination, d.state, count(*)
            FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id GROUP BY 1, 2, 3
            """).bind().forEachRow { row in
            if let state = DeliveryState(rawValue: row.int64(2)) {
                add(channel: row.text(0), destination: row.text(1), state: state, count: row.int64(3))
            }
        }
        try database.cached("""
            SELECT channel, destination, state, sum(delivered), sum(coalesce(total - cursor, 0)), sum(capped + opted_out),
                   \(OutboxConnection.handsetColumns(aggregate: "sum"))
            FROM broadcasts GROUP BY 1, 2, 3
            """).bind().forEachRow { row in
            add(channel: row.text(0), destination: row.text(1), state: .delivered, count: row.int64(3))
            totals.add(handset: OutboxConnection.handsetCounts(row, from: 6), destination: row.text(1))
            add(channel: row.text(0), destination: row.text(1), state: .skipped, count: row.int64(5))
            if let state = DeliveryState(rawValue: row.int64(2)) {
                add(channel: row.text(0), destination: row.text(1), state: state, count: row.int64(4))
            }
        }
        return totals.sorted
    }

    private static let logColumns = """
        SELECT a.id, b.campaign, b.message, b.occurrence, b.region, b.channel, a.recipient, b.destination,
               a.at, a.outcome, a.http_status, a.latency_ms, a.reason, a.gateway_id, r.outcome, r.detail
        FROM attempts a JOIN broadcasts b ON b.id = a.broadcast_id
        LEFT JOIN receipts r ON a.outcome = 4 AND r.broadcast_id = a.broadcast_id AND r.recipient = a.recipient
        """

    /// The delivery log, newest first: every recorded attempt and what it led to.
    package func log(_ query: LogQuery) throws -> [LogEntry] {
        try database.cached("""
            \(OutboxConnection.logColumns)
            WHERE (?1 IS NULL OR b.campaign = ?1) AND (?2 IS NULL OR b.message = ?2) AND (?3 IS NULL OR b.region = ?3)
              AND (?4 IS NULL OR b.channel = ?4) AND (?5 IS NULL OR a.outcome = ?5) AND (?6 IS NULL OR a.at >= ?6)
            ORDER BY a.id DESC LIMIT ?7
            """).bind(query.campaign, query.message, query.region, query.channel, query.outcome?.rawValue,
                      query.since, query.limit).rows(OutboxConnection.logEntry)
    }

    /// The latest attempts that failed (retrying or dead), newest first.
    package func recentFailures(limit: Int = 10) throws -> [LogEntry] {
        try database.cached("""
            \(OutboxConnection.logColumns)
            WHERE a.outcome IN (2, 3) ORDER BY a.id DESC LIMIT ?1
            """).bind(limit).rows(OutboxConnection.logEntry)
    }

    /// The latest `scanning` failed attempts, grouped by destination, outcome and
    /// reason; read through the failures index, so an outage of millions costs
    /// `scanning` rows, not a scan of the log.
    package func failureGroups(scanning: Int = 1_000) throws -> [FailureGroup] {
        try database.cached("""
            SELECT b.destination, a.outcome, a.reason, count(*), min(a.at), max(a.at)
            FROM (SELECT broadcast_id, outcome, reason, at FROM attempts WHERE outcome IN (2, 3) ORDER BY id DESC LIMIT ?1) a
            JOIN broadcasts b ON b.id = a.broadcast_id
            GROUP BY b.destination, a.outcome, a.reason
            ORDER BY max(a.at) DESC, count(*) DESC
            """).bind(scanning).rows { row in
                FailureGroup(destination: row.text(0), outcome: DeliveryState(rawValue: row.int64(1)) ?? .dead,
                             reason: row.optionalText(2), count: row.int64(3), firstAt: row.int64(4), lastAt: row.int64(5))
            }.withRetries(try retryingCauses())
    }

    /// Deliveries of open broadcasts waiting out a backoff, by destination and cause, with
    /// the earliest due: reached through the open broadcasts, as `controlScope` does.
    package func retryingCauses() throws -> [RetryingCause] {
        try database.cached("""
            SELECT b.destination, d.reason, count(*), min(d.due_at) FROM broadcasts b CROSS JOIN deliveries d ON d.broadcast_id = b.id
            WHERE b.state = 0 AND d.state = 2 GROUP BY b.destination, d.reason
            """).bind().rows { RetryingCause(destination: $0.text(0), reason: $0.optionalText(1), count: $0.int64(2), nextAt: $0.int64(3)) }
    }

    private static func logEntry(_ row: Statement) -> LogEntry {
        var entry = LogEntry(id: row.int64(0),
                 key: DeliveryKey(campaign: row.text(1), message: row.text(2), occurrence: row.int64(3),
                                  region: row.text(4), channel: row.text(5), recipient: row.text(6)),
                 destination: row.text(7), at: row.int64(8), outcome: DeliveryState(rawValue: row.int64(9)) ?? .dead,
                 httpStatus: row.optionalInt64(10).map(Int.init), latencyMilliseconds: row.optionalInt64(11),
                 reason: row.optionalText(12), gatewayMessageID: row.optionalText(13))
        entry.handset = row.optionalInt64(14).flatMap(HandsetOutcome.init(rawValue:))
        entry.smscError = row.optionalText(15)
        return entry
    }

    /// When the next delivery becomes due (a stored one or an unread list),
    /// ignoring paused ones; nil when nothing is waiting. The scheduler sleeps
    /// until then, or until a control or reload wakes it. During SMS quiet hours
    /// it asks for `channel: "webhook"` only, so waiting SMS do not wake it.
    /// The dispatcher asks every turn, so each part stops at its first row in
    /// due order: the lists never held (`broadcasts_feed`) apart from the few
    /// held ones (`broadcasts_held`), which wait for the later of due and hold.
    package func nextDueTime(channel: String? = nil, destination: String? = nil) throws -> Int64? {
        try database.cached("""
            SELECT min(due) FROM (
                SELECT (SELECT d.due_at FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
                        WHERE d.state IN (0, 2) AND b.state = 0
                          AND (?1 IS NULL OR b.channel = ?1) AND (?2 IS NULL OR b.destination = ?2)
                          AND \(BroadcastFilter.notPaused)
                        ORDER BY d.due_at LIMIT 1) AS due
                UNION ALL
                SELECT (SELECT b.due_at FROM broadcasts b
                        WHERE b.state = 0 AND b.exhausted = 0 AND b.held_until IS NULL
                          AND (?1 IS NULL OR b.channel = ?1) AND (?2 IS NULL OR b.destination = ?2)
                          AND \(BroadcastFilter.notPaused)
                        ORDER BY b.due_at LIMIT 1)
                UNION ALL
                SELECT (SELECT min(max(b.due_at, b.held_until)) FROM broadcasts b
                        WHERE b.state = 0 AND b.exhausted = 0 AND b.held_until IS NOT NULL
                          AND (?1 IS NULL OR b.channel = ?1) AND (?2 IS NULL OR b.destination = ?2)
                          AND \(BroadcastFilter.notPaused)))
            """).bind(channel, destination).firstRow { $0.optionalInt64(0) } ?? nil
    }
}
