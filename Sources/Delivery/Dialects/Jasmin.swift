import SMSText
/// Jasmin's HTTP API `/send`.
///
/// GSM text goes as `content` with `coding=0`; anything else as `hex-content`
/// holding UTF-16BE with `coding=8` (UCS-2), the form Jasmin's documentation gives
/// for non-Latin text, so no gateway-side charset guess can garble Chinese.
public struct Jasmin: Dialect {
    public static let kind = "jasmin"

    public var url: String
    public var username: String
    public var password: String
    public var from: String?
    /// Jasmin's `dlr=yes` with `dlr-url` and `dlr-level` (1 SMSC, 2 terminal, 3 both).
    public var dlrURL: String?
    public var dlrLevel: Int
    /// The daemon's report listener, used when `dlrURL` is not set: Jasmin POSTs
    /// each report as a form (`id`, `message_status`, `level`, `err`, …).
    public var reportCallback: ReportCallback?

    public init(url: String, username: String, password: String, from: String? = nil,
                dlrURL: String? = nil, dlrLevel: Int = 2, reportCallback: ReportCallback? = nil) {
        self.url = url
        self.username = username
        self.password = password
        self.from = from
        self.dlrURL = dlrURL
        self.dlrLevel = dlrLevel
        self.reportCallback = reportCallback
    }

    public var defaultRate: RateLimit { RateLimit([.perSecond(100, burst: 20)], concurrency: 16) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        let to = try message.requireRecipient(for: Self.kind)
        var fields: [(name: String, value: String)] = [("username", username), ("password", password), ("to", to)]
        if let from { fields.append(("from", from)) }
        if SMSMeasure(message.text).encoding == .gsm7 {
            fields += [("coding", "0"), ("content", message.text)]
        } else {
            fields += [("coding", "8"), ("hex-content", Self.utf16BigEndianHex(message.text))]
        }
        if let dlrURL {
            fields += [("dlr", "yes"), ("dlr-url", dlrURL), ("dlr-level", String(dlrLevel))]
        } else if let reportCallback {
            fields += [("dlr", "yes"), ("dlr-url", reportCallback.url(dialect: Self.kind, for: message)),
                       ("dlr-level", String(dlrLevel)), ("dlr-method", "POST")]
        }
        return HTTPRequest(method: .post, url: url,
                           headers: [("Content-Type", "application/x-www-form-urlencoded")],
                           body: Array(PercentEncoding.form(fields).utf8))
    }

    /// Only the report listener's DLR URL carries the delivery id.
    public var sendsDeliveryID: Bool { dlrURL == nil && reportCallback != nil }

    static func utf16BigEndianHex(_ text: String) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for unit in text.utf16 {
            for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int(unit >> UInt16(shift) & 0xF)]) }
        }
        return out
    }

    /// `Success "<id>"` gives the message id. Error answers are `Error "…"`; the
    /// status says which kind, and the text (which can echo the username) stays out.
    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        let body = response.bodyText.trimmingSpaces
        var messageID: String?
        if body.hasPrefix("Success \"") && body.hasSuffix("\"") && body.count > 10 {
            messageID = String(body.dropFirst(9).dropLast())
        }
        let phrase = Self.statusPhrases[response.status] ?? (response.status >= 500 ? "gateway error" : nil)
        return Verdict(response: response, now: now, gatewayMessageID: messageID,
                       reason: phrase.map { "jasmin \(response.status) \($0)" })
    }

    private static let statusPhrases = [
        400: "bad request", 401: "authentication failure", 403: "authentication failure",
        412: "route or charge refused",
    ]
}
