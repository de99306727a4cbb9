import Outbox

/// Figures that only the benchmarks and the SQLite-specific tests ask for:
/// the seam has no use for them, so they stay on this backend's own type.
extension OutboxConnection {
    /// Moves the WAL into the database file and truncates it, so the file's size is the outbox's.
    package func checkpoint() throws {
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Entries in the delivery log.
    package func attemptCount() throws -> Int64 {
        try database.prepare("SELECT count(*) FROM attempts").firstRow { $0.int64(0) } ?? -1
    }

    /// Stored delivery rows, whatever their state.
    package func storedDeliveryCount() throws -> Int64 {
        try database.prepare("SELECT count(*) FROM deliveries").firstRow { $0.int64(0) } ?? -1
    }

    /// What the broadcasts' rows say after a reach: the province benchmark checks each promise against them.
    package struct ReachFigures: Hashable, Sendable {
        /// List positions whose number an earlier position or reach had handed out.
        package var duplicates: Int64
        /// Broadcasts whose list was not read to its end.
        package var unfinishedLists: Int64
        /// Recipients sent to, by the broadcasts' rank.
        package var sentByRank: [Int: Int]
        /// Rows of per-person cap counters.
        package var capRows: Int64
    }

    package func reachFigures() throws -> ReachFigures {
        let sent = try database.prepare("""
            SELECT rank, sum(cursor - duplicates) FROM broadcasts GROUP BY rank ORDER BY rank
            """).rows { ($0.int(0), $0.int(1)) }
        return ReachFigures(
            duplicates: try database.prepare("SELECT coalesce(sum(duplicates), 0) FROM broadcasts").firstRow { $0.int64(0) } ?? 0,
            unfinishedLists: try database.prepare("SELECT count(*) FROM broadcasts WHERE exhausted = 0").firstRow { $0.int64(0) } ?? 0,
            sentByRank: Dictionary(sent, uniquingKeysWith: +),
            capRows: try database.prepare("SELECT count(*) FROM cap_counts").firstRow { $0.int64(0) } ?? 0)
    }
}
