/// A Feishu/Lark (飞书) custom bot: `POST …/open-apis/bot/v2/hook/…` with a rich
/// text (`post`) message, which carries the campaign title. With a signing secret
/// the body gains `timestamp` (seconds) and `sign` = base64(HMAC-SHA256 keyed by
/// "<timestamp>\n<secret>" over an empty message), as Feishu documents.
public struct Feishu: Dialect {
    public static let kind = "feishu"

    public var url: String
    public var secret: String?

    public init(url: String, secret: String? = nil) {
        self.url = url
        self.secret = secret
    }

    /// Feishu: 100 requests a minute and 5 a second per bot.
    public var defaultRate: RateLimit { RateLimit([.perMinute(100), .perSecond(5)], concurrency: 1) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        var members: [(key: String, value: JSONValue)] = []
        if let secret {
            let seconds = Int64(now.rounded(.down))
            members += [("timestamp", .string(String(seconds))), ("sign", .string(Self.sign(timestamp: seconds, secret: secret)))]
        }
        let paragraph = JSONValue.array([.object([("tag", .string("text")), ("text", .string(message.text))])])
        members += [
            ("msg_type", .string("post")),
            ("content", .object([("post", .object([("zh_cn", .object([
                ("title", .string(message.campaignTitle)),
                ("content", .array([paragraph])),
            ]))]))])),
        ]
        return HTTPRequest(method: .post, url: url, headers: [("Content-Type", "application/json")],
                           body: JSONValue.object(members).bytes)
    }

    static func sign(timestamp: Int64, secret: String) -> String {
        Base64.encode(HMACSHA256.authenticate([], key: Array("\(timestamp)\n\(secret)".utf8)))
    }

    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        Self.answer.verdict(for: response, now: now)
    }

    static let answer = BotAnswer(service: kind, codeFields: ["code", "StatusCode"], codes: [
        9499: ("too many requests", .throttle(after: nil)),
        11232: ("frequency limited", .throttle(after: nil)),
        19021: ("sign match fail", .permanent),
        19022: ("ip not allowed", .permanent),
        19024: ("keywords not in content", .permanent),
        19001: ("invalid param", .permanent),
        19002: ("bot not found", .permanent),
    ])
}
