import Outbox

/// The durable opt-out list, compared exactly as stored (E.164).
extension OutboxTransaction {
    func addOptOut(_ phone: String, source: String, now: Int64) async throws -> Bool {
        try await sql.count("""
            INSERT INTO optouts (phone, source, added_at) VALUES ($1::text, $2::text, $3::bigint) ON CONFLICT DO NOTHING
            """, [phone, source, now]) == 1
    }

    func removeOptOut(_ phone: String) async throws -> Bool {
        try await sql.count("DELETE FROM optouts WHERE phone = $1::text", [phone]) == 1
    }

    func optOut(_ phone: String) async throws -> OptOut? {
        try await sql.first("SELECT phone, source, added_at FROM optouts WHERE phone = $1::text", [phone]) {
            OptOut(phone: try $0.text(0), source: try $0.text(1), addedAt: try $0.int64(2))
        }
    }

    func optOuts(limit: Int) async throws -> [OptOut] {
        try await sql.rows("SELECT phone, source, added_at FROM optouts ORDER BY added_at DESC, phone LIMIT $1::bigint", [limit]) {
            OptOut(phone: try $0.text(0), source: try $0.text(1), addedAt: try $0.int64(2))
        }
    }

    func optOutCount(from source: String?) async throws -> Int64 {
        try await sql.first("SELECT count(*) FROM optouts WHERE $1::text IS NULL OR source = $1::text", [source]) {
            try $0.int64(0)
        } ?? 0
    }

    /// Makes the entries from `source` exactly `phones` (with `removing` false, only adds).
    func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                        removing: Bool) async throws -> (added: Int, removed: Int) {
        let removed = removing ? try await sql.count("""
            DELETE FROM optouts WHERE source = $1::text AND phone <> ALL($2::text[])
            """, [source, phones]) : 0
        let added = try await sql.count("""
            INSERT INTO optouts (phone, source, added_at) SELECT DISTINCT p, $1::text, $3::bigint FROM unnest($2::text[]) AS t(p)
            ON CONFLICT DO NOTHING
            """, [source, phones, now])
        return (added, removed)
    }
}
