import Outbox

/// One copy per person across overlapping lists (issue 5, item 2). A *reach* is
/// every list broadcast of one campaign, message, occurrence and channel: a
/// province, its cities and its counties all sending the same text. Each number
/// handed out in a reach is kept in `reached`, in the same transaction that moves
/// the cursor and stores the in-flight row, so a number met again — in another
/// region's list or further down the same list — is counted as a duplicate on
/// the broadcast that met it, not sent. Which region a shared number is sent
/// (and attributed) from is decided by the lease order: a list is not read
/// while a more specific (higher-rank) list of its reach is still due to be read.
///
/// Only a list that another list of its reach will read after (or beside)
/// claims its numbers; the last one only looks them up. A claim is a B-tree
/// insert, and for a list in random order each lease's claims dirty as many
/// pages as it has numbers, all written to the WAL at its commit: claiming a
/// city's ten million numbers that no one will look up would cost more than
/// leasing them.
extension OutboxConnection {
    /// The reach of a list broadcast with this key, made on first use.
    func reach(of key: BroadcastKey) throws -> Int64 {
        try database.cached("""
            INSERT OR IGNORE INTO reaches (campaign, message, occurrence, channel) VALUES (?1, ?2, ?3, ?4)
            """).bind(key.campaign, key.message, key.occurrence, key.channel).run()
        guard let id = try database.cached("""
            SELECT id FROM reaches WHERE campaign = ?1 AND message = ?2 AND occurrence = ?3 AND channel = ?4
            """).bind(key.campaign, key.message, key.occurrence, key.channel).firstRow({ $0.int64(0) }) else {
            throw ReachMissing()
        }
        return id
    }

    /// How a lease reading `broadcast`'s list checks its numbers against
    /// `reach`, inside the lease's transaction (a rollback forgets its claims
    /// with the cursor move they belong to): it claims them while any other
    /// list of the reach is still to be read — a lower or equal rank, or a
    /// higher one not due yet; else it only looks them up, or does nothing
    /// when nothing was claimed.
    /// Both questions are one statement: a schedule of one-off messages leases
    /// as many one-number lists, each its own reach, in one second.
    func claims(in reach: Int64, by broadcast: Int64) throws -> ReachClaims? {
        let (readLater, anyClaimed) = try database.cached("""
            SELECT EXISTS (SELECT 1 FROM broadcasts g
                           WHERE g.reach = ?1 AND g.id != ?2 AND g.state = 0 AND g.exhausted = 0),
                   EXISTS (SELECT 1 FROM reached WHERE reach = ?1)
            """).bind(reach, broadcast).firstRow { ($0.int64(0) == 1, $0.int64(1) == 1) } ?? (true, true)
        if readLater {
            return ReachClaims(statement: try database.cached("INSERT OR IGNORE INTO reached (reach, phone) VALUES (?1, ?2)"),
                               database: database, reach: reach, claims: true)
        }
        guard anyClaimed else { return nil }
        return ReachClaims(statement: try database.cached("SELECT 1 FROM reached WHERE reach = ?1 AND phone = ?2"),
                           database: database, reach: reach, claims: false)
    }

    /// A condition, on broadcasts aliased `b` with `?1` bound to now, that no
    /// more specific list of its reach is still to be read: open (a cancelled
    /// or skipped one gives way), not exhausted, and due. A pause covers a whole
    /// campaign or message, so it stops a reach's higher and lower ranks together.
    static let notOutranked = """
        NOT EXISTS (SELECT 1 FROM broadcasts g
                    WHERE g.reach = b.reach AND g.rank > b.rank AND g.state = 0 AND g.exhausted = 0 AND g.due_at <= ?1)
        """

    /// Deletes up to `limit` rows of `reached` belonging to reaches whose lists
    /// are all read to the end or closed: those numbers will never be looked up
    /// again. Returns how many it deleted; the daemon calls it after each
    /// heartbeat until it returns less than `limit`, so a ten-million reach is
    /// given back in short transactions between leases, never in one long one.
    @discardableResult
    package func pruneReached(limit: Int) throws -> Int {
        guard limit > 0 else { return 0 }
        return try database.transaction {
            var deleted = 0
            var after = Int64.min
            let next = try database.cached("SELECT reach FROM reached WHERE reach > ?1 ORDER BY reach LIMIT 1")
            while deleted < limit, let reach = try next.bind(after).firstRow({ $0.int64(0) }) {
                after = reach
                guard try isFinished(reach: reach) else { continue }
                try database.cached("""
                    DELETE FROM reached WHERE reach = ?1 AND phone IN (SELECT phone FROM reached WHERE reach = ?1 LIMIT ?2)
                    """).bind(reach, limit - deleted).run()
                deleted += database.changes
            }
            return deleted
        }
    }

    /// No list of the reach is open with positions still to read.
    private func isFinished(reach: Int64) throws -> Bool {
        try database.cached("""
            SELECT NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.reach = ?1 AND b.state = 0 AND b.exhausted = 0)
            """).bind(reach).firstRow { $0.int64(0) == 1 } ?? false
    }

    /// Numbers kept for de-duplication, over every reach (what `pruneReached` gives back).
    package func reachedCount() throws -> Int64 {
        try database.prepare("SELECT count(*) FROM reached").firstRow { $0.int64(0) } ?? 0
    }
}

/// One lease's claims (or look-ups) in one reach. The statement is looked up
/// once per slice and each number bound as it is, with no boxing: this runs
/// once for every list position read.
struct ReachClaims {
    let statement: Statement
    let database: Database
    let reach: Int64
    /// Claim numbers (insert), or only look them up.
    let claims: Bool

    /// True when the reach has not handed `recipient` out before; when claiming,
    /// it has now.
    func claim(_ recipient: String) throws -> Bool {
        try statement.bind()
        try reach.bind(to: statement, at: 1)
        if let number = PhoneKey.integer(recipient) {
            try number.bind(to: statement, at: 2)
        } else {
            try recipient.bind(to: statement, at: 2)
        }
        guard claims else { return try statement.firstRow { _ in true } == nil }
        try statement.run()
        return database.changes == 1
    }
}

/// The reach row `INSERT OR IGNORE` just made or found is not there: only a
/// concurrent schema change could do that.
struct ReachMissing: Error, CustomStringConvertible {
    var description: String { "the outbox lost a reach it had just recorded" }
}
