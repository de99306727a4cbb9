/// A Slack incoming webhook: `POST https://hooks.slack.com/services/…` with
/// `{"text":…}`; Slack answers `ok` with 200 and a short error token otherwise
/// (`no_service`, `channel_is_archived`, …) with a matching status.
public struct Slack: Dialect {
    public static let kind = "slack"

    public var url: String

    public init(url: String) { self.url = url }

    /// Slack: one message per second per incoming webhook.
    public var defaultRate: RateLimit { RateLimit([.perSecond(1)], concurrency: 1) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        HTTPRequest(method: .post, url: url, headers: [("Content-Type", "application/json")],
                    body: JSONValue.object([("text", .string(message.text))]).bytes)
    }

    /// The status decides (429 honours Retry-After); Slack's error token, when it
    /// is one, makes the reason (`slack 410 channel_is_archived`).
    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        let token = response.bodyText.trimmingSpaces
        let isToken = !token.isEmpty && token.count <= 40
            && token.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
        if (200..<300).contains(response.status) && token != "ok" && isToken {
            // Slack's legacy webhooks answered some errors with 200 and a token.
            return .permanent(reason: "slack \(response.status) \(token)")
        }
        return Verdict(response: response, now: now, reason: isToken ? "slack \(response.status) \(token)" : nil)
    }
}
