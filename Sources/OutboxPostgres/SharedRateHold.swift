import Outbox

/// One destination's shared token buckets as a lease transaction holds them:
/// locked, and refilled up to the database's clock at the moment the lock was
/// granted. The lease takes at most `available`, then `spend` writes back what
/// is left. Pure arithmetic; `OutboxTransaction+SharedRate` does the SQL.
struct SharedRateHold: Equatable {
    let destination: String
    let buckets: [SharedRateBucket]
    /// Each bucket's tokens at `at`, after the refill.
    let tokens: [Double]
    /// The database's clock, seconds since 1970.
    let at: Double

    /// `stored` tokens last written at `updatedAt` (per bucket; nil for a bucket
    /// never taken, which starts full) refilled at each bucket's rate up to its
    /// burst. A clock read before `updatedAt` (the database's clock stepped back)
    /// refills nothing rather than taking tokens away.
    init(destination: String, buckets: [SharedRateBucket], stored: [(tokens: Double, updatedAt: Double)?], at: Double) {
        self.destination = destination
        self.buckets = buckets
        self.at = at
        tokens = zip(buckets, stored).map { bucket, stored in
            guard let stored else { return Double(bucket.burst) }
            return min(Double(bucket.burst), stored.tokens + bucket.perSecond * max(0, at - stored.updatedAt))
        }
    }

    /// Whole tokens every bucket has: how many sends may start now.
    var available: Int {
        guard let least = tokens.min() else { return Int.max }
        return max(0, Int(least.rounded(.down)))
    }

    /// Each bucket's tokens once `leased` sends took one each.
    func left(after leased: Int) -> [Double] { tokens.map { $0 - Double(leased) } }

    /// When the buckets cut a lease of `asked` short (it took all `available`):
    /// seconds until every bucket holds a whole token again. nil when they did
    /// not hold the lease back (less was due than they allowed).
    func wait(asked: Int, leased: Int) -> Double? {
        guard available < asked && leased >= available else { return nil }
        let waits = zip(buckets, left(after: leased)).map { bucket, have in max(0, (1 - have) / bucket.perSecond) }
        return waits.max()
    }
}
