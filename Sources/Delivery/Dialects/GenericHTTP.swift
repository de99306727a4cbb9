/// `http-json` and `http-form`: gateways without a dialect of their own, described
/// in the config as a URL, an authentication and body fields whose values are
/// templates (`to {to}`, `message {text}`, `reference {id}`).
public struct GenericHTTP: Dialect {
    public static let kind = "http"

    public enum Encoding: String, Sendable { case json = "http-json", form = "http-form" }

    public enum Authentication: Hashable, Sendable {
        case none
        case bearer(token: String)
        case basic(username: String, password: String)
    }

    public var url: String
    public var encoding: Encoding
    public var authentication: Authentication
    /// Body fields in order; JSON values are strings.
    public var fields: [(name: String, value: PlaceholderTemplate)]
    /// A top-level string field of a JSON answer holding the gateway's message id (Twilio: `sid`).
    public var messageIDField: String?
    /// Codes that mean "this recipient unsubscribed" when an answer's `code`,
    /// `error_code` or `errorCode` holds one (Twilio: 21610); compared case-insensitively.
    public var unsubscribeCodes: Set<String>
    public var defaultRate: RateLimit

    public init(url: String, encoding: Encoding, authentication: Authentication = .none,
                fields: [(name: String, value: PlaceholderTemplate)], messageIDField: String? = nil,
                unsubscribeCodes: [String] = [],
                defaultRate: RateLimit = RateLimit([.perSecond(10, burst: 10)], concurrency: 8)) {
        self.url = url
        self.encoding = encoding
        self.authentication = authentication
        self.fields = fields
        self.messageIDField = messageIDField
        self.unsubscribeCodes = Set(unsubscribeCodes.map { $0.uppercased() })
        self.defaultRate = defaultRate
    }

    /// Twilio's Messages resource: form fields `To`, `From`, `Body`, basic auth with
    /// the account SID and auth token, the message SID (`sid`) in the JSON answer.
    public static func twilio(accountSID: String, authToken: String, from: String,
                              baseURL: String = "https://api.twilio.com") throws(DialectError) -> GenericHTTP {
        let subject = "twilio"
        return GenericHTTP(
            url: "\(baseURL)/2010-04-01/Accounts/\(PercentEncoding.encode(accountSID))/Messages.json",
            encoding: .form,
            authentication: .basic(username: accountSID, password: authToken),
            fields: [("To", try PlaceholderTemplate("{to}", subject: subject)),
                     ("From", try PlaceholderTemplate(from.replacingBraces, subject: subject)),
                     ("Body", try PlaceholderTemplate("{text}", subject: subject))],
            messageIDField: "sid",
            // "Attempt to send to unsubscribed recipient": the person replied STOP.
            unsubscribeCodes: ["21610"],
            // Twilio queues per sender; a long code sends about 1 message per second.
            defaultRate: RateLimit([.perSecond(1, burst: 1)], concurrency: 4))
    }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        if fields.contains(where: { $0.value.mentionsRecipient }) {
            _ = try message.requireRecipient(for: encoding.rawValue)
        }
        let values = fields.map { (name: $0.name, value: $0.value.render(message)) }
        var headers: [(name: String, value: String)] = []
        switch authentication {
        case .none: break
        case .bearer(let token): headers.append(("Authorization", "Bearer \(token)"))
        case .basic(let username, let password):
            headers.append(("Authorization", "Basic " + Base64.encode(Array("\(username):\(password)".utf8))))
        }
        let body: [UInt8]
        switch encoding {
        case .json:
            headers.append(("Content-Type", "application/json"))
            body = JSONValue.object(values.map { ($0.name, .string($0.value)) }).bytes
        case .form:
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(PercentEncoding.form(values).utf8)
        }
        return HTTPRequest(method: .post, url: url, headers: headers, body: body)
    }

    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        let answer = JSONFields(response.body)
        if let code = unsubscribeCode(in: answer) {
            return .unsubscribed(reason: "\(encoding.rawValue) \(response.status) unsubscribed recipient (code \(code))")
        }
        let messageID = messageIDField.flatMap { answer?.strings[$0] }
        return Verdict(response: response, now: now, gatewayMessageID: messageID)
    }

    /// The configured code the answer carries, if any; only a configured code
    /// reaches the reason, never other body text.
    private func unsubscribeCode(in answer: JSONFields?) -> String? {
        guard let answer, !unsubscribeCodes.isEmpty else { return nil }
        for key in ["code", "error_code", "errorCode", "Code"] {
            let value = answer.integers[key].map(String.init) ?? answer.strings[key]
            if let value, unsubscribeCodes.contains(value.uppercased()) { return value }
        }
        return nil
    }
}

extension String {
    /// Literal text for a template: braces doubled so they are not placeholders.
    var replacingBraces: String {
        var out = ""
        for char in self {
            out.append(char)
            if char == "{" || char == "}" { out.append(char) }
        }
        return out
    }
}
