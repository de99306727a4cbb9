import Foundation
import Logging
import NIOCore
import NIOPosix

/// A refused callback or connection as the log tells it.
public struct Refusal: Hashable, Sendable {
    /// What the summary counts it under: `not found`, `malformed`, `too slow`, …
    public var kind: String
    /// The line's `why`: never a phone number, the token or the request's path.
    public var detail: String

    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// Logs refusals through a `RefusalLimiter`, and its summaries when they are due.
/// Shared by everything that refuses in one listener: the connection handlers on
/// the event loops and the request handler in the connection tasks.
final class RefusalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var limiter: RefusalLimiter
    private let logger: Logger
    private let eventLoop: any EventLoop

    init(logger: Logger, settings: RefusalLimiter.Settings = .init(),
         eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.logger = logger
        self.eventLoop = eventLoop
        limiter = RefusalLimiter(settings: settings, now: .now())
    }

    func refused(_ refusal: Refusal, metadata: Logger.Metadata = [:]) {
        let verdict = lock.withLock { limiter.refused(kind: refusal.kind, now: .now()) }
        switch verdict {
        case .log:
            logger.notice("refused a report callback", metadata: metadata.merging(["why": "\(refusal.detail)"]) { $1 })
        case .held(let summaryAt?):
            eventLoop.scheduleTask(deadline: summaryAt) { self.logSummary() }
        case .held(nil):
            break
        }
    }

    /// Logs the refusals held back so far, when their summary is due (the listener's close calls it too).
    func logSummary(now: NIODeadline = .now()) {
        guard let summary = lock.withLock({ limiter.summary(now: now) }) else { return }
        logger.notice("\(summary.count) more refused report callbacks in the last minute",
                      metadata: ["kinds": "\(summary.kinds)"])
    }
}
