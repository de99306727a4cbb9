import Outbox

/// One callback from a gateway, parsed: a delivery report about a message we
/// sent, or a reply (MO) someone sent to our short code. Numbers are as the
/// gateway wrote them; `ReportHandler` normalises them to E.164.
public enum InboundReport: Hashable, Sendable {
    public struct DeliveryReport: Hashable, Sendable {
        /// The gateway's name in broadcastd.conf, from our own callback URL.
        public var gateway: String
        /// Our delivery id (`msg_…`), from our own callback URL.
        public var deliveryID: String?
        /// The recipient of the message the report is about.
        public var recipient: String
        /// The words a gateway's `unsubscribe-status` is compared with: Kannel's
        /// `stat:` and `err:` values of the SMSC answer, Jasmin's `message_status` and `err`.
        public var statuses: [String]
        /// What became of the SMS at the handset; nil for an intermediate report
        /// (accepted by the SMSC, buffered) or one that says nothing we know.
        public var handset: HandsetOutcome?
        /// The SMSC's error code (`err:` of a receipt, Jasmin's `err`), if any.
        public var error: String?
        /// The gateway's own message id (Jasmin's form `id`), not ours.
        public var gatewayMessageID: String?

        public init(gateway: String, deliveryID: String?, recipient: String, statuses: [String],
                    handset: HandsetOutcome? = nil, error: String? = nil, gatewayMessageID: String? = nil) {
            self.gateway = gateway
            self.deliveryID = deliveryID
            self.recipient = recipient
            self.statuses = statuses
            self.handset = handset
            self.error = error
            self.gatewayMessageID = gatewayMessageID
        }
    }

    public struct Reply: Hashable, Sendable {
        /// Who wrote it.
        public var sender: String
        public var text: String
    }

    case deliveryReport(DeliveryReport)
    case reply(Reply)
}

/// Why a callback was refused; the description is what the log says, never
/// with a phone number or the token in it.
public struct ReportRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// No route of that shape, or a wrong token: the answer does not tell which.
        case notFound
        case methodNotAllowed
        /// A field is missing or unreadable; names the field.
        case malformed(String)
    }

    public var code: Code

    public init(_ code: Code) { self.code = code }

    public var status: Int {
        switch code {
        case .notFound: 404
        case .methodNotAllowed: 405
        case .malformed: 400
        }
    }

    /// What the log's summary of refusals counts it under.
    public var kind: String {
        switch code {
        case .notFound: "not found"
        case .methodNotAllowed: "wrong method"
        case .malformed: "malformed"
        }
    }

    public var description: String {
        switch code {
        case .notFound: "no such report route"
        case .methodNotAllowed: "wrong HTTP method for this report route"
        case .malformed(let problem): "malformed report: \(problem)"
        }
    }
}
