/// How one kind of gateway or webhook is spoken to: the request for a message
/// and the meaning of the answer. Dialects are plain values built from the
/// daemon config; they do no I/O, so every byte they produce is testable.
public protocol Dialect: Sendable {
    /// The name used in the config (`kind kannel`) and in reasons.
    static var kind: String { get }

    /// The peer's documented limit when the config names none.
    var defaultRate: RateLimit { get }

    /// `now` is the wall clock in seconds since 1970 (fractional), for signatures
    /// and timestamps; the same message gives the same request at the same `now`.
    func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest

    /// `now` resolves a Retry-After given as an HTTP date.
    func verdict(for response: HTTPResponse, now: Double) -> Verdict

    /// Whether `request(for:now:)` reads `OutgoingMessage.deliveryID`. When false
    /// a sender may leave it empty instead of computing it: an HMAC per message.
    var sendsDeliveryID: Bool { get }
}

extension Dialect {
    public var sendsDeliveryID: Bool { true }
}

/// A dialect that cannot build a request, or a setting it cannot use.
/// Descriptions name the setting, never its value: values may be secrets.
public struct DialectError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case missingRecipient
        case invalidSigningSecret
        case unknownPlaceholder(String)
    }

    public var code: Code
    /// The dialect or setting the error is about, e.g. `kannel` or `webhook signing`.
    public var subject: String

    public init(_ code: Code, subject: String) {
        self.code = code
        self.subject = subject
    }

    public var description: String {
        switch code {
        case .missingRecipient:
            return "\(subject): an SMS needs a recipient phone number"
        case .invalidSigningSecret:
            return "\(subject): a signing secret must be `whsec_` followed by base64 (as Standard Webhooks issues them)"
        case .unknownPlaceholder(let name):
            return "\(subject): unknown placeholder {\(name)}; use {to}, {text} or {id}"
        }
    }
}

extension OutgoingMessage {
    func requireRecipient(for kind: String) throws(DialectError) -> String {
        guard let recipient, !recipient.isEmpty else { throw DialectError(.missingRecipient, subject: kind) }
        return recipient
    }
}
