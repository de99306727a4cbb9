import LineLanguage

public enum GatewayKind: String, Hashable, Sendable, CaseIterable {
    case kannel
    case jasmin
    case httpJSON = "http-json"
    case httpForm = "http-form"

    /// The generic kinds take their request shape from the config.
    var isGeneric: Bool { self == .httpJSON || self == .httpForm }
}

/// A header or form field of a generic gateway: `field to {to}`.
public struct NamedValue: Hashable, Sendable {
    public var name: String
    public var value: SecretText

    public init(name: String, value: SecretText) {
        self.name = name
        self.value = value
    }
}

/// How a generic gateway authenticates.
public enum GatewayAuth: Hashable, Sendable {
    /// `Authorization: Bearer TOKEN`.
    case bearer(SecretText)
    /// `Authorization: Basic` from the gateway's `username` and `password`.
    case basic
}

/// A `gateway NAME` block: an SMS gateway the schedule names in `sms-gateway` or `via`.
public struct GatewayConfiguration: Hashable, Sendable {
    public var name: String
    public var kind: GatewayKind
    public var url: SecretText
    public var username: SecretText?
    public var password: SecretText?
    /// The sender id (`from`), e.g. the short code 96110.
    public var from: SecretText?
    /// nil: the delivery layer's default for the kind.
    public var rate: RateSetting?
    public var concurrency: Int?
    public var timeout: Duration?
    public var retry: RetrySetting?
    /// A PEM bundle to verify a private gateway's TLS certificate, resolved to an absolute path.
    public var caFile: String?
    /// Kannel delivery reports: where smsbox should call back, and which events (bits 1..31).
    public var dlrURL: SecretText?
    public var dlrMask: Int?
    public var auth: GatewayAuth?
    /// What marks an unsubscribed recipient in this gateway's delivery reports (a
    /// `stat:` or `err:` value, Jasmin's `message_status`) and, for the generic
    /// kinds, in an answer's `code` or `error_code`: `unsubscribe-status MK:0008 21610`.
    public var unsubscribeStatuses: [String]
    /// Extra request headers, in order (generic kinds).
    public var headers: [NamedValue]
    /// `http-form`: form fields in order; values may hold `{to}`, `{text}`, `{id}`, `{from}`.
    public var fields: [NamedValue]
    /// `http-json`: the body, with the same placeholders inside JSON strings.
    public var json: SecretText?
    /// `price 0.045 CNY`: what a segment costs there, for cost figures.
    public var price: SegmentPrice?
    public var location: SourceLocation

    public init(name: String, kind: GatewayKind, url: SecretText, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.url = url
        self.headers = []
        self.fields = []
        self.unsubscribeStatuses = []
        self.location = location
    }
}
