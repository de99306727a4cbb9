import Outbox

/// The read side, in the SQLite backend's meanings; `PostgresOutbox` runs
/// these inside one REPEATABLE READ snapshot, so the figures add up while
/// other instances commit.
extension OutboxTransaction {
    /// Broadcasts matching `filter`, latest due first, each with exact counts.
    func broadcastStatuses(_ filter: BroadcastFilter, limit: Int) async throws -> [BroadcastStatus] {
        let broadcasts = try await sql.rows("""
            SELECT b.id, b.campaign, b.message, b.occurrence, b.region, b.channel, b.audience, b.destination,
                   b.due_at, b.state, b.reason, b.total, b.cursor, b.duplicates, b.delivered,
                   NOT \(PostgresConditions.notPaused), b.started_at, b.capped + b.opted_out,
                   \(Self.handsetColumns(prefix: "b."))
            FROM broadcasts b WHERE \(PostgresConditions.filter)
            ORDER BY b.due_at DESC, b.id DESC LIMIT $9::bigint
            """, PostgresConditions.values(filter) + [Int64(clamping: limit)]) { row in
            var counts = StateCounts()
            counts.delivered = try row.int64(14)
            counts.skipped = try row.int64(17)
            let state = DeliveryState(rawValue: try row.int64(9)) ?? .pending
            let total = try row.optionalInt64(11)
            if let total { counts[state] += total - (try row.int64(12)) }
            var status = BroadcastStatus(
                id: try row.int64(0),
                key: BroadcastKey(campaign: try row.text(1), message: try row.text(2), occurrence: try row.int64(3),
                                  region: try row.text(4), channel: try row.text(5), audience: try row.text(6)),
                destination: try row.text(7), dueAt: try row.int64(8), startedAt: try row.optionalInt64(16),
                state: state, reason: try row.optionalText(10), paused: try row.bool(15), total: total,
                cursor: try row.int64(12), duplicates: try row.int64(13), counts: counts)
            status.handset = try Self.handsetCounts(row, from: 18)
            return status
        }
        guard !broadcasts.isEmpty else { return [] }
        var stored: [Int64: [(DeliveryState, Int64)]] = [:]
        for (id, state, count) in try await sql.rows("""
            SELECT broadcast_id, state, count(*) FROM deliveries WHERE broadcast_id = ANY($1::bigint[]) GROUP BY 1, 2
            """, [broadcasts.map(\.id)], { (try $0.int64(0), try $0.int64(1), try $0.int64(2)) }) {
            if let state = DeliveryState(rawValue: state) { stored[id, default: []].append((state, count)) }
        }
        return broadcasts.map { broadcast in
            var status = broadcast
            for (state, count) in stored[broadcast.id] ?? [] { status.counts[state] += count }
            return status
        }
    }

    /// Occurrences matching `filter`, latest first, each with its parts.
    func occurrenceStatuses(_ filter: BroadcastFilter, limit: Int) async throws -> [OccurrenceStatus] {
        let occurrences = try await sql.rows("""
            SELECT b.campaign, b.message, b.occurrence, min(b.due_at) FROM broadcasts b
            WHERE \(PostgresConditions.filter)
            GROUP BY 1, 2, 3 ORDER BY 3 DESC, 2 LIMIT $9::bigint
            """, PostgresConditions.values(filter) + [Int64(clamping: limit)]) { row in
            OccurrenceStatus(campaign: try row.text(0), message: try row.text(1), occurrence: try row.int64(2),
                             dueAt: try row.int64(3), parts: [])
        }
        var result: [OccurrenceStatus] = []
        for occurrence in occurrences {
            var parts = filter
            parts.campaign = occurrence.campaign
            parts.message = occurrence.message
            parts.occurrence = occurrence.occurrence
            var status = occurrence
            status.parts = try await broadcastStatuses(parts, limit: Int.max)
            result.append(status)
        }
        return result
    }

    /// Occurrences not started yet and due after `now`, soonest first.
    func upcomingOccurrences(after now: Int64, limit: Int) async throws -> [OccurrenceStatus] {
        let keys = try await sql.rows("""
            SELECT campaign, message, occurrence FROM broadcasts WHERE state = 0 AND started_at IS NULL
            GROUP BY 1, 2, 3 HAVING min(due_at) > $1::bigint ORDER BY min(due_at), 2 LIMIT $2::bigint
            """, [now, limit]) { (try $0.text(0), try $0.text(1), try $0.int64(2)) }
        var result: [OccurrenceStatus] = []
        for (campaign, message, occurrence) in keys {
            result += try await occurrenceStatuses(BroadcastFilter(campaign: campaign, message: message, occurrence: occurrence), limit: 1)
        }
        return result
    }

    /// Deliveries of the matching broadcasts cancelled or skipped, by reason.
    func closedCounts(_ filter: BroadcastFilter) async throws -> [ClosedCount] {
        let values = PostgresConditions.values(filter)
        var tally = ClosedCount.Tally()
        for (state, reason, count) in try await sql.rows("""
            SELECT d.state, coalesce(d.reason, ''), count(*) FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id
            WHERE d.state IN (5, 6) AND \(PostgresConditions.filter) GROUP BY 1, 2
            UNION ALL
            SELECT b.state, coalesce(b.reason, ''), sum(coalesce(b.total - b.cursor, 0))::bigint FROM broadcasts b
            WHERE b.state IN (5, 6) AND \(PostgresConditions.filter) GROUP BY 1, 2
            UNION ALL
            SELECT 6, 'capped', coalesce(sum(b.capped), 0)::bigint FROM broadcasts b WHERE \(PostgresConditions.filter)
            UNION ALL
            SELECT 6, 'opted out', coalesce(sum(b.opted_out), 0)::bigint FROM broadcasts b WHERE \(PostgresConditions.filter)
            """, values, { (try $0.int64(0), try $0.text(1), try $0.int64(2)) }) {
            tally.add(state, reason, count)
        }
        return tally.sorted
    }

    /// Logged outcomes at or after `since`, per occurrence and destination.
    func recentAttempts(since: Int64) async throws -> [RecentAttempts] {
        try await sql.rows("""
            SELECT b.campaign, b.message, b.occurrence, b.destination, a.outcome, count(*)
            FROM attempts a JOIN broadcasts b ON b.id = a.broadcast_id
            WHERE a.at >= $1::bigint GROUP BY 1, 2, 3, 4, 5
            """, [since]) { row in
            RecentAttempts(campaign: try row.text(0), message: try row.text(1), occurrence: try row.int64(2),
                           destination: try row.text(3), outcome: DeliveryState(rawValue: try row.int64(4)) ?? .dead,
                           count: try row.int64(5))
        }
    }

    /// Totals by state for each channel and destination, over every broadcast.
    func destinationCounts() async throws -> [DestinationCounts] {
        var totals = DestinationCounts.Tally()
        for (channel, destination, state, count) in try await sql.rows("""
            SELECT b.channel, b.destination, d.state, count(*) FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
            GROUP BY 1, 2, 3
            UNION ALL SELECT channel, destination, 4, sum(delivered)::bigint FROM broadcasts GROUP BY 1, 2
            UNION ALL SELECT channel, destination, 6, sum(capped + opted_out)::bigint FROM broadcasts GROUP BY 1, 2
            UNION ALL SELECT channel, destination, state, sum(coalesce(total - cursor, 0))::bigint FROM broadcasts GROUP BY 1, 2, 3
            """, [], { (try $0.text(0), try $0.text(1), try $0.int64(2), try $0.int64(3)) }) {
            if let state = DeliveryState(rawValue: state) { totals.add(channel: channel, destination: destination, state: state, count: count) }
        }
        for (destination, handset) in try await sql.rows("""
            SELECT destination, \(Self.handsetColumns(aggregate: "sum")) FROM broadcasts GROUP BY 1
            """, [], { (try $0.text(0), try Self.handsetCounts($0, from: 1)) }) {
            totals.add(handset: handset, destination: destination)
        }
        return totals.sorted
    }
}
