import Outbox

extension OutboxConnection {
    /// The id this outbox was given when the daemon created or adopted it; nil
    /// for a file no daemon of this version has started on yet.
    package func outboxID() throws -> String? {
        try database.cached("SELECT outbox_id FROM identity WHERE only = 1").bind().firstRow { $0.text(0) }
    }

    /// Names the outbox once; a second call is refused by the primary key, so an
    /// id is never silently replaced.
    func assignID(_ id: String, now: Int64) throws {
        try database.cached("INSERT INTO identity (only, outbox_id, created_at) VALUES (1, ?1, ?2)").bind(id, now).run()
    }
}
