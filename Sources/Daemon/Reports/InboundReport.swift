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
