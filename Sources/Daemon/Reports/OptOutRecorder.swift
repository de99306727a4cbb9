import Delivery
import Logging
import Outbox

/// Adds numbers to the outbox's opt-out table for the report listener and for
/// gateways that refuse an unsubscribed recipient, and logs each one masked.
/// The next lease of that number is then skipped with reason `opted out`.
public struct OptOutRecorder: OptOutRecording {
    let outbox: any OptOutOutbox
    let clock: WallClock
    let logger: Logger
    let metrics: DaemonMetrics?

    public init(outbox: any OptOutOutbox, clock: WallClock, logger: Logger, metrics: DaemonMetrics? = nil) {
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// `phone` in E.164; `source` is `reply` or `report`. Returns false when it was already opted out.
    @discardableResult
    public func add(_ phone: String, source: String) async throws -> Bool {
        let now = clock.seconds
        let added = try await outbox.addOptOut(phone, source: source, now: now)
        if added {
            metrics?.optedOut(source: source)
            logger.notice("opted out", metadata: ["phone": "\(maskedPhone(phone))", "source": "\(source)"])
        }
        return added
    }

    /// `add` for callers that go on whatever happens (a delivery skipped anyway): a failure is logged.
    public func record(_ phone: String, source: String) async {
        do {
            try await add(phone, source: source)
        } catch {
            logger.error("cannot record an opt-out", metadata: ["phone": "\(maskedPhone(phone))", "error": "\(error)"])
        }
    }
}
