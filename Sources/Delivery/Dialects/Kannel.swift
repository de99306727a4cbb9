import SMSText
/// Kannel's smsbox `sendsms` interface.
///
/// GET puts every field in the query, as the Kannel guide shows. POST sends the
/// text as a `text/plain; charset=UTF-8` body with the other fields in
/// `X-Kannel-*` headers, which keeps the password out of access logs.
/// Text outside the GSM alphabet goes with `coding=2` (UCS-2); Kannel converts
/// from the declared UTF-8 charset.
public struct Kannel: Dialect {
    public static let kind = "kannel"

    public enum Method: Sendable { case get, post }

    public var url: String
    public var username: String
    public var password: String
    public var from: String?
    public var method: Method
    /// Kannel's `dlr-mask` bits (1 delivered, 2 failed, 8 SMSC accepted, …) and the
    /// URL it calls back with the report; sent only when set.
    public var dlrMask: Int?
    public var dlrURL: String?
    /// The daemon's report listener; used when `dlrURL` is not set, with `dlrMask`
    /// defaulting to the final states (1 delivered + 2 failed + 16 rejected by SMSC).
    public var reportCallback: ReportCallback?

    public static let finalStatesMask = 1 | 2 | 16
    /// Kannel's escapes for the report's type (1, 2, 4, 8, 16) and the SMSC's answer text.
    static let reportEscapes = "&type=%d&answer=%A"

    public init(url: String, username: String, password: String, from: String? = nil, method: Method = .get,
                dlrMask: Int? = nil, dlrURL: String? = nil, reportCallback: ReportCallback? = nil) {
        self.url = url
        self.username = username
        self.password = password
        self.from = from
        self.method = method
        self.dlrMask = dlrMask
        self.dlrURL = dlrURL
        self.reportCallback = reportCallback
    }

    /// Kannel paces itself to the SMSC's `throughput`; this only spares its queue.
    public var defaultRate: RateLimit { RateLimit([.perSecond(100, burst: 20)], concurrency: 16) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        let to = try message.requireRecipient(for: Self.kind)
        var options: [(name: String, value: String)] = []
        if SMSMeasure(message.text).encoding != .gsm7 { options.append(("coding", "2")) }
        if let dlrURL {
            if let dlrMask { options.append(("dlr-mask", String(dlrMask))) }
            options.append(("dlr-url", dlrURL))
        } else if let reportCallback {
            options.append(("dlr-mask", String(dlrMask ?? Self.finalStatesMask)))
            options.append(("dlr-url", reportCallback.url(dialect: Self.kind, for: message, extra: Self.reportEscapes)))
        } else if let dlrMask {
            options.append(("dlr-mask", String(dlrMask)))
        }

        switch method {
        case .get:
            var fields: [(name: String, value: String)] = [("username", username), ("password", password)]
            if let from { fields.append(("from", from)) }
            fields += [("to", to), ("text", message.text), ("charset", "UTF-8")] + options
            return HTTPRequest(method: .get, url: PercentEncoding.appending(fields, to: url))
        case .post:
            var headers: [(name: String, value: String)] = [
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("X-Kannel-Username", username), ("X-Kannel-Password", password),
            ]
            if let from { headers.append(("X-Kannel-From", from)) }
            headers.append(("X-Kannel-To", to))
            // smsbox takes header values verbatim (no URL decoding), so the DLR URL goes
            // as it is, with only bytes a header cannot carry percent-encoded.
            headers += options.map { option in
                ("X-Kannel-" + Self.headerName[option.name, default: option.name],
                 PercentEncoding.encodeNonPrintable(option.value))
            }
            return HTTPRequest(method: .post, url: url, headers: headers, body: Array(message.text.utf8))
        }
    }

    /// Only the report listener's DLR URL carries the delivery id.
    public var sendsDeliveryID: Bool { dlrURL == nil && reportCallback != nil }

    private static let headerName = ["coding": "Coding", "dlr-mask": "DLR-Mask", "dlr-url": "DLR-Url"]

    /// `0: Accepted for delivery` and `3: Queued for later delivery` (both 202) are
    /// the gateway taking the message; the rest are smsbox's fixed answers.
    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        Verdict(response: response, now: now, reason: Self.reason(for: response))
    }

    private static func reason(for response: HTTPResponse) -> String? {
        let body = response.bodyText.trimmingSpaces.lowercased()
        let phrase = answers.first { body.hasPrefix($0.prefix) }?.phrase
        return phrase.map { "kannel \(response.status) \($0)" }
    }

    /// smsbox's answer texts (gw/smsbox.c), matched by prefix, with the short
    /// phrase used in reasons. Only fixed phrases reach a reason, never body text.
    private static let answers: [(prefix: String, phrase: String)] = [
        ("authorization failed", "authorization failed"),
        ("not routable", "not routable"),
        ("number(s) has/have been denied", "number denied by white/black list"),
        ("sending failed", "sending failed"),
        ("empty receiver", "empty receiver"),
        ("sender missing", "sender missing"),
        ("wrong sendsms args", "wrong sendsms args"),
        ("too many receivers", "too many receivers"),
        ("empty text", "empty text"),
        ("udh field misformed", "udh field misformed"),
    ]
}
