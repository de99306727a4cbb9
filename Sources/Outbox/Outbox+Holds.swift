/// A broadcast whose list cannot be read now (deleted, moved, unreadable) is
/// held rather than failing every lease: the other broadcasts go on, the held
/// one is tried again a minute later, and `status` shows its problem until a
/// read succeeds. Its cursor has not moved, so nothing is lost while it waits.
extension Outbox {
    /// How long a broadcast whose list could not be read waits before the next try.
    public static let holdSeconds: Int64 = 60

    /// A condition, on broadcasts aliased `b` with `?1` bound to now, that the
    /// broadcast is not held.
    static let notHeld = "(b.held_until IS NULL OR b.held_until <= ?1)"

    func hold(_ broadcast: Int64, problem: String, now: Int64, gate: LeaseGate) throws {
        try database.cached("UPDATE broadcasts SET held_until = ?2, problem = ?3 WHERE id = ?1")
            .bind(broadcast, now + Self.holdSeconds, problem).run()
        gate.held(problem: problem)
    }

    /// The problems of broadcasts held now, newest first: what `status` shows.
    public func heldBroadcasts(limit: Int = 20) throws -> [HeldBroadcast] {
        try database.cached("""
            SELECT campaign, message, occurrence, region, channel, audience, problem, held_until
            FROM broadcasts WHERE state = 0 AND problem IS NOT NULL ORDER BY held_until DESC LIMIT ?1
            """).bind(limit).rows { row in
            HeldBroadcast(key: BroadcastKey(campaign: row.text(0), message: row.text(1), occurrence: row.int64(2),
                                            region: row.text(3), channel: row.text(4), audience: row.text(5)),
                          problem: row.text(6), retryAt: row.int64(7))
        }
    }
}

/// A broadcast waiting because its list could not be read.
public struct HeldBroadcast: Hashable, Sendable {
    public var key: BroadcastKey
    /// Why, without personal data: the list's path and what went wrong.
    public var problem: String
    /// When the list is tried again (seconds since 1970 UTC).
    public var retryAt: Int64
}
