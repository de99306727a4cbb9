/// Delivery reports (receipts) written against the SMS they are about, so
/// `status` can say how many reached handsets, not only the gateway. One call,
/// one unit of work.
public protocol ReceiptOutbox: Sendable {
    /// Finds the SMS `receipt` is about among the SMS broadcasts through
    /// `receipt.destination` due at or after `receipt.since`: the broadcast
    /// whose delivery key, with `receipt.recipient`, `receipt.identifies`. It
    /// records the outcome there, replacing an earlier receipt for the same SMS
    /// (a broadcast's handset counts move with it), and returns the key; nil
    /// when no broadcast matches (the receipt is not recorded).
    func recordReceipt(_ receipt: HandsetReceipt) async throws -> DeliveryKey?
}

/// One delivery report with a final handset outcome.
public struct HandsetReceipt: Sendable {
    /// The gateway's name in broadcastd.conf (our callback URL names it).
    public var destination: String
    /// E.164, as the delivery key holds it.
    public var recipient: String
    public var outcome: HandsetOutcome
    /// When the report arrived, seconds since 1970 UTC.
    public var at: Int64
    /// The SMSC's error code (`err:`), if it gave one.
    public var detail: String?
    /// The gateway's own message id (Jasmin's), kept for the log.
    public var gatewayMessageID: String?
    /// Only broadcasts due at or after this are searched.
    public var since: Int64
    /// True for the key of the SMS the report is about. The daemon compares the
    /// id it sent (`msg_…`, derived from the key) with the one the report
    /// carries; the outbox never needs to know how the id is made.
    public var identifies: @Sendable (DeliveryKey) -> Bool

    public init(destination: String, recipient: String, outcome: HandsetOutcome, at: Int64, detail: String? = nil,
                gatewayMessageID: String? = nil, since: Int64, identifies: @escaping @Sendable (DeliveryKey) -> Bool) {
        self.destination = destination
        self.recipient = recipient
        self.outcome = outcome
        self.at = at
        self.detail = detail
        self.gatewayMessageID = gatewayMessageID
        self.since = since
        self.identifies = identifies
    }
}
