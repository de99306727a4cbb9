import Foundation

/// The daemon's sense of now, in seconds since 1970 UTC. Real time plus an
/// offset: zero in production; `--pretend-now` sets it so the quick start and the
/// tests can run the 2021 example campaign (or quiet hours) without waiting months.
public struct WallClock: Sendable {
    public let offset: Double

    public init(offset: Double = 0) {
        self.offset = offset
    }

    /// A clock whose now is `instant` at the moment of the call.
    public init(pretending instant: Double) {
        offset = instant - Date().timeIntervalSince1970
    }

    public var now: Double { Date().timeIntervalSince1970 + offset }

    public var seconds: Int64 { Int64(now.rounded(.down)) }

    /// Sleeps until the clock reads `instant`, or until cancelled.
    public func sleep(until instant: Double) async throws {
        let delay = instant - now
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int64((delay * 1000).rounded(.up)))) }
    }
}
