import Synchronization

/// The stop that works when nothing can be written: SIGUSR1 tells the
/// dispatcher to hand nothing new to any gateway (transfers in flight finish,
/// their outcomes are recorded when the outbox allows), SIGUSR2 or a restart
/// lifts it. It lives in memory only, because it exists for the moment the
/// outbox's `pauses` table cannot be written (read-only or full state folder).
public final class EmergencyStop: Sendable {
    private let engagedAt = Mutex<Double?>(nil)

    public init() {}

    /// When it was engaged; nil while sending is allowed.
    public var since: Double? { engagedAt.withLock { $0 } }

    public var isEngaged: Bool { since != nil }

    /// Returns false when it already was engaged.
    @discardableResult
    public func engage(at now: Double) -> Bool {
        engagedAt.withLock { value in
            guard value == nil else { return false }
            value = now
            return true
        }
    }

    /// Returns false when it was not engaged.
    @discardableResult
    public func lift() -> Bool {
        engagedAt.withLock { value in
            defer { value = nil }
            return value != nil
        }
    }
}
