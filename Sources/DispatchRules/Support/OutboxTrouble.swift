import Logging

/// How a service reports an outbox it cannot write (disk full, read-only, I/O
/// errors) while it keeps running and tries again: the first failure is logged
/// at once, repeats at most once a `logInterval` with how many were not logged,
/// and the first success after them once, with how long the trouble lasted.
/// The wait before the next try doubles with each failure in a row, from the
/// base delay up to `maxRetryDelay`: an outbox that is gone (PostgreSQL
/// restarting, a partition) is not hammered, and one that comes back is tried
/// again within that cap. A pure machine over the caller's clock, so the rate
/// and the backoff are tested without waiting.
package struct OutboxTrouble: Sendable {
    package enum Report: Equatable, Sendable {
        /// Log this failure; `unlogged` others happened since the last line.
        case failing(unlogged: Int)
        /// The outbox works again after `seconds` of trouble.
        case recovered(seconds: Double)
    }

    package let logInterval: Double
    /// The wait after the first failure in a row.
    package let baseRetryDelay: Double
    /// The longest wait however many failures in a row.
    package let maxRetryDelay: Double

    private var since: Double?
    private var loggedAt = -Double.infinity
    private var unlogged = 0
    /// Failures since the last success.
    private var failuresInARow = 0

    package init(logInterval: Double = 60, retryDelay: Double = 1, maxRetryDelay: Double = 5) {
        self.logInterval = logInterval
        baseRetryDelay = retryDelay
        self.maxRetryDelay = max(retryDelay, maxRetryDelay)
    }

    /// How long a service waits before trying again after the latest failure.
    package var retryDelay: Double {
        guard failuresInARow > 1 else { return baseRetryDelay }
        return min(maxRetryDelay, baseRetryDelay * Double(1 << min(failuresInARow - 1, 30)))
    }

    package var isFailing: Bool { since != nil }

    /// A failure at `now`: what to log, or nil to keep quiet this time.
    package mutating func failed(at now: Double) -> Report? {
        if since == nil { since = now }
        failuresInARow += 1
        guard now - loggedAt >= logInterval else {
            unlogged += 1
            return nil
        }
        defer { loggedAt = now; unlogged = 0 }
        return .failing(unlogged: unlogged)
    }

    /// A success at `now`: `.recovered` after failures, else nil.
    package mutating func succeeded(at now: Double) -> Report? {
        failuresInARow = 0
        guard let since else { return nil }
        self.since = nil
        loggedAt = -.infinity
        unlogged = 0
        return .recovered(seconds: now - since)
    }
}

extension OutboxTrouble {
    /// Notes a failure of `what`; the line to log at the bounded rate, or nil.
    /// The error names the file and what to do (`SQLiteError.hint`).
    package mutating func failed(_ what: String, error: any Error, at now: Double) -> LogLine? {
        guard case .failing(let unlogged)? = failed(at: now) else { return nil }
        var metadata = ["error": "\(error)"]
        if unlogged > 0 { metadata["unlogged-repeats"] = "\(unlogged)" }
        return LogLine(level: .error, message: "\(what) failed; nothing is lost, trying again after \(Int(baseRetryDelay))s, "
                           + "backing off to every \(Int(maxRetryDelay))s",
                       metadata: metadata)
    }

    /// Notes a success of `what`; the line that says it works again, once, or nil.
    package mutating func succeeded(_ what: String, at now: Double) -> LogLine? {
        guard case .recovered(let seconds)? = succeeded(at: now) else { return nil }
        return LogLine(level: .notice, message: "\(what) works again", metadata: ["after": "\(Int(seconds))s"])
    }

    package mutating func failed(_ what: String, error: any Error, at now: Double, logger: Logger) {
        failed(what, error: error, at: now)?.emit(to: logger)
    }

    package mutating func succeeded(_ what: String, at now: Double, logger: Logger) {
        succeeded(what, at: now)?.emit(to: logger)
    }
}
