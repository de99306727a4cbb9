/// A DingTalk (钉钉) custom robot: `POST …/robot/send?access_token=…` with a
/// markdown message. With a signing secret (`SEC…`), the URL gains
/// `&timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(secret, "<ms>\n<secret>")>`.
public struct DingTalk: Dialect {
    public static let kind = "dingtalk"

    public var url: String
    public var secret: String?

    public init(url: String, secret: String? = nil) {
        self.url = url
        self.secret = secret
    }

    /// DingTalk: at most 20 messages a minute per robot, else throttled for 10 minutes.
    public var defaultRate: RateLimit { RateLimit([.perMinute(20)], concurrency: 1) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        var target = url
        if let secret {
            let milliseconds = Int64((now * 1000).rounded(.down))
            target = PercentEncoding.appending(
                [("timestamp", String(milliseconds)), ("sign", Self.sign(timestamp: milliseconds, secret: secret))],
                to: url)
        }
        let body = JSONValue.object([
            ("msgtype", .string("markdown")),
            ("markdown", .object([("title", .string(message.campaignTitle)), ("text", .string(message.text))])),
        ])
        return HTTPRequest(method: .post, url: target, headers: [("Content-Type", "application/json")], body: body.bytes)
    }

    /// Base64 before URL encoding; `appending` percent-encodes it once.
    static func sign(timestamp: Int64, secret: String) -> String {
        Base64.encode(HMACSHA256.authenticate("\(timestamp)\n\(secret)", key: secret))
    }

    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        Self.answer.verdict(for: response, now: now)
    }

    static let answer = BotAnswer(service: kind, codeFields: ["errcode"], codes: [
        130101: ("send too fast", .throttle(after: 600)),
        90030: ("webhook over limit", .retry(after: RetryAfter.cap)),
        310000: ("keywords, sign or ip check failed", .permanent),
        300001: ("token invalid", .permanent),
        400013: ("robot disabled", .permanent),
        40035: ("missing parameter", .permanent),
        43004: ("invalid content type", .permanent),
        -1: ("system busy", .retry(after: nil)),
    ])
}
