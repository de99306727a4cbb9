/// A destination's agreed pace: one or more token buckets (`100/s burst 20`,
/// or Feishu's `100/min` together with `5/s`) and a cap on transfers in flight.
public struct RateLimit: Hashable, Sendable {
    /// Tokens refill at `perSecond`; at most `burst` accumulate, so no window of
    /// T seconds ever holds more than `burst + perSecond × T` sends.
    public struct Bucket: Hashable, Sendable {
        public var perSecond: Double
        public var burst: Int

        public init(perSecond: Double, burst: Int = 1) {
            precondition(perSecond > 0 && burst >= 1, "a bucket needs a positive rate and room for one send")
            self.perSecond = perSecond
            self.burst = burst
        }

        public static func perSecond(_ count: Double, burst: Int = 1) -> Bucket { Bucket(perSecond: count, burst: burst) }
        public static func perMinute(_ count: Double, burst: Int = 1) -> Bucket { Bucket(perSecond: count / 60, burst: burst) }
    }

    public var buckets: [Bucket]
    /// Transfers in flight at once; nil leaves it to the transport.
    public var concurrency: Int?

    public init(_ buckets: [Bucket], concurrency: Int? = nil) {
        precondition(concurrency.map { $0 >= 1 } ?? true, "concurrency must allow one transfer")
        self.buckets = buckets
        self.concurrency = concurrency
    }

    /// No pacing at all (tests, the loopback benchmark).
    public static let unlimited = RateLimit([])
}
