/// What the daemon does to keep the outbox small and its leases honest. The
/// pruning calls delete at most `limit` rows each, so a caller interleaves
/// them with the hot path instead of holding the writer for a long delete.
public protocol HousekeepingOutbox: Sendable {
    /// Makes every lease that expired by `now` due again; returns how many.
    /// The daemon passes `.max` at start once it holds the state folder's lock:
    /// every lease still held then belongs to a process that is gone.
    func releaseExpiredLeases(now: Int64) async throws -> Int

    /// Deletes up to `limit` de-duplication rows of finished broadcasts; returns how many.
    func pruneReached(limit: Int) async throws -> Int

    /// Deletes up to `limit` log entries older than `before`; returns how many.
    func pruneLog(before: Int64, limit: Int) async throws -> Int
}
