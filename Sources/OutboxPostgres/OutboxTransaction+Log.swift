import Outbox

/// The delivery log as `broadcastctl log` and `status` read it.
extension OutboxTransaction {
    private static let logColumns = """
        SELECT a.id, b.campaign, b.message, b.occurrence, b.region, b.channel, a.recipient, b.destination,
               a.at, a.outcome, a.http_status, a.latency_ms, a.reason, a.gateway_id, r.outcome, r.detail
        FROM attempts a JOIN broadcasts b ON b.id = a.broadcast_id
        LEFT JOIN receipts r ON a.outcome = 4 AND r.broadcast_id = a.broadcast_id AND r.recipient = a.recipient
        """

    /// The delivery log, newest first.
    func log(_ query: LogQuery) async throws -> [LogEntry] {
        try await sql.rows("""
            \(Self.logColumns)
            WHERE ($1::text IS NULL OR b.campaign = $1::text) AND ($2::text IS NULL OR b.message = $2::text)
              AND ($3::text IS NULL OR b.region = $3::text) AND ($4::text IS NULL OR b.channel = $4::text)
              AND ($5::smallint IS NULL OR a.outcome = $5::smallint) AND ($6::bigint IS NULL OR a.at >= $6::bigint)
            ORDER BY a.id DESC LIMIT $7::bigint
            """, [query.campaign, query.message, query.region, query.channel, query.outcome?.rawValue, query.since,
                  Int64(clamping: query.limit)], Self.logEntry)
    }

    /// The latest failed attempts (retrying or dead), newest first.
    func recentFailures(limit: Int) async throws -> [LogEntry] {
        try await sql.rows("\(Self.logColumns) WHERE a.outcome IN (2, 3) ORDER BY a.id DESC LIMIT $1::bigint", [limit],
                           Self.logEntry)
    }

    /// The latest `scanning` failed attempts grouped by destination, outcome and reason.
    func failureGroups(scanning: Int = 1_000) async throws -> [FailureGroup] {
        try await sql.rows("""
            SELECT b.destination, a.outcome, a.reason, count(*), min(a.at), max(a.at)
            FROM (SELECT broadcast_id, outcome, reason, at FROM attempts WHERE outcome IN (2, 3) ORDER BY id DESC LIMIT $1::bigint) a
            JOIN broadcasts b ON b.id = a.broadcast_id
            GROUP BY b.destination, a.outcome, a.reason
            ORDER BY max(a.at) DESC, count(*) DESC
            """, [scanning]) { row in
            FailureGroup(destination: try row.text(0), outcome: DeliveryState(rawValue: try row.int64(1)) ?? .dead,
                         reason: try row.optionalText(2), count: try row.int64(3), firstAt: try row.int64(4), lastAt: try row.int64(5))
        }.withRetries(try await retryingCauses())
    }

    /// Deliveries of open broadcasts waiting out a backoff, by destination and cause, with the earliest due.
    func retryingCauses() async throws -> [RetryingCause] {
        try await sql.rows("""
            SELECT b.destination, d.reason, count(*), min(d.due_at) FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id
            WHERE b.state = 0 AND d.state = 2 GROUP BY b.destination, d.reason
            """) { row in
            RetryingCause(destination: try row.text(0), reason: try row.optionalText(1), count: try row.int64(2), nextAt: try row.int64(3))
        }
    }

    private static func logEntry(_ row: SQLRow) throws -> LogEntry {
        var entry = LogEntry(id: try row.int64(0),
                 key: DeliveryKey(campaign: try row.text(1), message: try row.text(2), occurrence: try row.int64(3),
                                  region: try row.text(4), channel: try row.text(5), recipient: try row.text(6)),
                 destination: try row.text(7), at: try row.int64(8), outcome: DeliveryState(rawValue: try row.int64(9)) ?? .dead,
                 httpStatus: try row.optionalInt64(10).map(Int.init), latencyMilliseconds: try row.optionalInt64(11),
                 reason: try row.optionalText(12), gatewayMessageID: try row.optionalText(13))
        entry.handset = try row.optionalInt64(14).flatMap(HandsetOutcome.init(rawValue:))
        entry.smscError = try row.optionalText(15)
        return entry
    }

    /// Everything `status` shows; the caller runs it in one snapshot.
    func snapshot(_ query: StatusQuery) async throws -> OutboxSnapshot {
        let record = try await daemonRecord()
        let now = query.now(record)
        var due: [OccurrenceSnapshot] = []
        for status in try await occurrenceStatuses(BroadcastFilter(dueBefore: now + 1), limit: query.broadcasts) {
            due.append(try await withClosed(status, counted: query.closedCounts))
        }
        var upcoming: [OccurrenceSnapshot] = []
        for status in try await upcomingOccurrences(after: now, limit: query.upcoming) {
            upcoming.append(try await withClosed(status, counted: query.closedCounts))
        }
        guard !query.occurrencesOnly else {
            return OutboxSnapshot(now: now, daemon: record, recentAttempts: [], due: due, upcoming: upcoming,
                                  destinations: [], destinationCounts: [], pauses: try await pauses(), recentFailures: [], held: [])
        }
        var snapshot = OutboxSnapshot(
            now: now, daemon: record,
            recentAttempts: try await recentAttempts(since: now - query.rateWindowSeconds + 1),
            due: due, upcoming: upcoming,
            destinations: try await destinations(),
            destinationCounts: try await destinationCounts(),
            pauses: try await pauses(),
            recentFailures: try await recentFailures(limit: query.failures),
            held: try await heldBroadcasts(),
            failureGroups: try await failureGroups())
        snapshot.instances = try await instances(seenSince: now - Self.instanceMemorySeconds)
        return snapshot
    }

    private func withClosed(_ status: OccurrenceStatus, counted: Bool) async throws -> OccurrenceSnapshot {
        guard counted else { return OccurrenceSnapshot(status: status, closed: []) }
        let filter = BroadcastFilter(campaign: status.campaign, message: status.message, occurrence: status.occurrence)
        return OccurrenceSnapshot(status: status, closed: try await closedCounts(filter))
    }
}
