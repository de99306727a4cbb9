extension Outbox {
    /// Deletes log entries older than `before`, keeping failures, which `status`
    /// and `log` show until their broadcast is long over. The attempt log is the
    /// only table that grows with every send; this is what keeps a three-month
    /// campaign's outbox at the size of its recent days.
    @discardableResult
    public func pruneLog(deliveredBefore before: Int64) throws -> Int {
        try database.transaction {
            try database.cached("DELETE FROM attempts WHERE at < ?1 AND outcome NOT IN (2, 3)").bind(before).run()
            return database.changes
        }
    }
}
