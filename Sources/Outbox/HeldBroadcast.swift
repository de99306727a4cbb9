/// A broadcast waiting because its list could not be read.
public struct HeldBroadcast: Hashable, Sendable {
    public var key: BroadcastKey
    /// Why, without personal data: the list's path and what went wrong.
    public var problem: String
    /// When the list is tried again (seconds since 1970 UTC).
    public var retryAt: Int64

    /// How long a broadcast whose list could not be read waits before the next
    /// try, in every backend: `status` and the daemon's log say so.
    public static let retrySeconds: Int64 = 60

    public init(key: BroadcastKey, problem: String, retryAt: Int64) {
        self.key = key
        self.problem = problem
        self.retryAt = retryAt
    }
}
