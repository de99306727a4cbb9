/// A WeCom (企业微信) group bot: `POST …/cgi-bin/webhook/send?key=…` with a
/// markdown (or text) message; the answer is `{"errcode":0,"errmsg":"ok"}`.
/// The key in the URL is the bot's only credential.
public struct WeCom: Dialect {
    public static let kind = "wecom"

    public enum Format: Sendable { case markdown, text }

    public var url: String
    public var format: Format

    public init(url: String, format: Format = .markdown) {
        self.url = url
        self.format = format
    }

    /// WeCom: "每个机器人发送的消息不能超过20条/分钟".
    public var defaultRate: RateLimit { RateLimit([.perMinute(20)], concurrency: 1) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        let body: JSONValue
        switch format {
        case .markdown:
            body = .object([("msgtype", .string("markdown")),
                            ("markdown", .object([("content", .string(message.text))]))])
        case .text:
            body = .object([("msgtype", .string("text")),
                            ("text", .object([("content", .string(message.text))]))])
        }
        return HTTPRequest(method: .post, url: url, headers: [("Content-Type", "application/json")], body: body.bytes)
    }

    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        Self.answer.verdict(for: response, now: now)
    }

    static let answer = BotAnswer(service: kind, codeFields: ["errcode"], codes: [
        45009: ("api freq out of limit", .throttle(after: 60)),
        93000: ("invalid webhook key", .permanent),
        93004: ("bot removed", .permanent),
        40008: ("invalid message type", .permanent),
        44004: ("empty content", .permanent),
        40058: ("invalid parameter", .permanent),
        -1: ("system busy", .retry(after: nil)),
    ])
}
