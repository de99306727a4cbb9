import Delivery
import Logging
import Outbox

/// Writes a delivery report's handset outcome against the SMS it is about, for
/// `status` and the metrics. The report carries the id we sent (`msg_…`, in
/// our callback URL), which is derived from the delivery's key: the outbox
/// offers the keys of the gateway's recent SMS broadcasts and this compares.
public struct ReceiptRecorder: Sendable {
    let outbox: any ReceiptOutbox
    let clock: WallClock
    let logger: Logger
    let metrics: DaemonMetrics?

    /// Broadcasts due this long before a report are still searched for its SMS:
    /// longer than any SMSC keeps an SMS, and than a broadcast takes to send.
    static let searchSeconds: Int64 = 7 * 24 * 3600

    public init(outbox: any ReceiptOutbox, clock: WallClock, logger: Logger, metrics: DaemonMetrics? = nil) {
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// Records `report` when it says a handset outcome; returns whether it
    /// matched an SMS of ours. Throws when the outbox cannot be written.
    @discardableResult
    public func record(_ report: InboundReport.DeliveryReport) async throws -> Bool {
        guard let outcome = report.handset else { return false }
        guard let deliveryID = report.deliveryID, deliveryID.hasPrefix("msg_") else {
            metrics?.handsetReport(destination: report.gateway, outcome: "unmatched")
            logger.debug("delivery report without our message id", metadata: ["gateway": "\(report.gateway)"])
            return false
        }
        let now = clock.seconds
        let recipient = report.recipient.allSatisfy { $0.isASCII && $0.isNumber } ? "+" + report.recipient : report.recipient
        let receipt = HandsetReceipt(
            destination: report.gateway, recipient: recipient, outcome: outcome, at: now, detail: report.error,
            gatewayMessageID: report.gatewayMessageID, since: now - Self.searchSeconds,
            identifies: { DeliveryID.make(idempotencyKey: $0.idempotencyText) == deliveryID })
        guard let key = try await outbox.recordReceipt(receipt) else {
            metrics?.handsetReport(destination: report.gateway, outcome: "unmatched")
            // Debug only: a gateway that reports for another system would flood the log; the metric counts them.
            logger.debug("delivery report for no SMS in the outbox",
                        metadata: ["gateway": "\(report.gateway)", "phone": "\(maskedPhone(recipient))", "outcome": "\(outcome)"])
            return false
        }
        metrics?.handsetReport(destination: report.gateway, outcome: outcome.description)
        var metadata: Logger.Metadata = ["gateway": "\(report.gateway)", "broadcast": "\(key.campaign)/\(key.message)",
                                         "phone": "\(maskedPhone(recipient))", "outcome": "\(outcome)"]
        if let error = report.error { metadata["smsc_error"] = "\(error)" }
        logger.debug("handset report", metadata: metadata)
        return true
    }
}
