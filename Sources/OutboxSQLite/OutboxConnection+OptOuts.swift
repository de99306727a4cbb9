import Outbox

/// The durable opt-out list. Numbers are compared exactly as stored, so they
/// must be written in the same normal form (E.164) as the recipient lists.
extension OutboxConnection {
    /// Adds a number; false when it was already opted out (its first source is kept).
    @discardableResult
    package func addOptOut(_ phone: String, source: String, now: Int64) throws -> Bool {
        try database.cached("INSERT OR IGNORE INTO optouts (phone, source, added_at) VALUES (?1, ?2, ?3)")
            .bind(phone, source, now).run()
        return database.changes == 1
    }

    /// Removes a number whatever its source; false when it was not there.
    @discardableResult
    package func removeOptOut(_ phone: String) throws -> Bool {
        try database.cached("DELETE FROM optouts WHERE phone = ?1").bind(phone).run()
        return database.changes == 1
    }

    package func isOptedOut(_ phone: String) throws -> Bool {
        try database.cached(Self.optOutLookupSQL).bind(phone).firstRow { _ in true } ?? false
    }

    static let optOutLookupSQL = "SELECT 1 FROM optouts WHERE phone = ?1"

    /// Whether any number is opted out (`min` reads one end of the key, where `EXISTS` would plan a scan).
    func hasOptOuts() throws -> Bool {
        try database.cached("SELECT min(phone) IS NOT NULL FROM optouts").firstRow { $0.int64(0) == 1 } ?? false
    }

    package func optOuts(limit: Int = 1_000) throws -> [OptOut] {
        try database.cached("SELECT phone, source, added_at FROM optouts ORDER BY added_at DESC, phone LIMIT ?1")
            .bind(limit).rows { OptOut(phone: $0.text(0), source: $0.text(1), addedAt: $0.int64(2)) }
    }

    /// Makes the entries from `source` exactly `phones`, in one transaction:
    /// a reload re-reads the `optout` file and a number removed from it is no
    /// longer opted out, while numbers added by command or report stay.
    /// Returns (added, removed).
    /// With `removing` false only adds: what a file caught mid-write gives is
    /// trusted to opt people out, never to opt them back in.
    @discardableResult
    package func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                               removing: Bool = true) throws -> (added: Int, removed: Int) {
        try database.transaction {
            try database.execute("CREATE TEMP TABLE IF NOT EXISTS optout_load (phone TEXT PRIMARY KEY) WITHOUT ROWID")
            try database.execute("DELETE FROM optout_load")
            let load = try database.cached("INSERT OR IGNORE INTO optout_load (phone) VALUES (?1)")
            for phone in phones { try load.bind(phone).run() }
            var removed = 0
            if removing {
                try database.cached("""
                    DELETE FROM optouts WHERE source = ?1 AND phone NOT IN (SELECT phone FROM optout_load)
                    """).bind(source).run()
                removed = database.changes
            }
            try database.cached("""
                INSERT OR IGNORE INTO optouts (phone, source, added_at) SELECT phone, ?1, ?2 FROM optout_load
                """).bind(source, now).run()
            let added = database.changes
            try database.execute("DELETE FROM optout_load")
            return (added, removed)
        }
    }

    /// How many opt-outs `source` holds now.
    package func optOutCount(from source: String) throws -> Int64 {
        try database.cached("SELECT count(*) FROM optouts WHERE source = ?1").bind(source).firstRow { $0.int64(0) } ?? 0
    }
}
