import Foundation

/// An instant on the daemon's wall timeline: seconds since 1970 UTC, as every
/// time in the outbox is written. A `Clock`'s instant, so services sleep on an
/// injected clock and tests move a manual one instead of waiting.
public struct WallInstant: InstantProtocol, Sendable {
    public var timeIntervalSince1970: Double

    public init(_ timeIntervalSince1970: Double) {
        self.timeIntervalSince1970 = timeIntervalSince1970
    }

    public func advanced(by duration: Duration) -> WallInstant {
        WallInstant(timeIntervalSince1970 + duration.inSeconds)
    }

    public func duration(to other: WallInstant) -> Duration {
        .seconds(other.timeIntervalSince1970 - timeIntervalSince1970)
    }

    public static func < (lhs: WallInstant, rhs: WallInstant) -> Bool {
        lhs.timeIntervalSince1970 < rhs.timeIntervalSince1970
    }
}

/// A clock on the wall timeline: the daemon's own (`WallClock`), or a test's
/// manual one. Services that sleep take one of these, never `Date()`.
public protocol WallTimeClock: Clock, Sendable where Instant == WallInstant, Duration == Swift.Duration {}

extension WallTimeClock {
    /// Whole seconds since 1970 UTC, as the outbox stores instants.
    public var seconds: Int64 { Int64(now.timeIntervalSince1970.rounded(.down)) }
}

/// The daemon's sense of now. Real time plus an offset: zero in production;
/// `--pretend-now` sets it so the quick start and the tests can run the 2021
/// example campaign (or quiet hours) without waiting months.
public struct WallClock: WallTimeClock {
    public let offset: Double

    public init(offset: Double = 0) {
        self.offset = offset
    }

    /// A clock whose now is `instant` at the moment of the call.
    public init(pretending instant: Double) {
        offset = instant - Date().timeIntervalSince1970
    }

    public var now: WallInstant { WallInstant(Date().timeIntervalSince1970 + offset) }

    public var minimumResolution: Duration { .milliseconds(1) }

    /// Sleeps until the clock reads `deadline`, or throws when cancelled.
    public func sleep(until deadline: WallInstant, tolerance: Duration? = nil) async throws {
        let delay = deadline.timeIntervalSince1970 - now.timeIntervalSince1970
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int64((delay * 1000).rounded(.up)))) }
    }
}

extension Duration {
    /// The duration in seconds, as the wall timeline counts them.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
