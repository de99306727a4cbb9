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

    /// The status decides (429 honours Retry-After); Slack's error token, when it is
    /// one Slack documents, makes the reason (`slack 410 channel_is_archived`).
    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        let body = response.bodyText.trimmingSpaces
        let token = Self.errorTokens.contains(body) ? body : nil
        if (200..<300).contains(response.status), let token {
            // Slack's legacy webhooks answered some errors with 200 and a token.
            return .permanent(reason: "slack \(response.status) \(token)")
        }
        return Verdict(response: response, now: now, reason: token.map { "slack \(response.status) \($0)" })
    }

    /// The incoming-webhook errors Slack documents. Only these reach a reason: an
    /// unknown body might echo something it should not.
    static let errorTokens: Set<String> = [
        "invalid_payload", "user_not_found", "channel_not_found", "channel_is_archived", "action_prohibited",
        "posting_to_general_channel_denied", "too_many_attachments", "no_service", "no_service_id", "no_team",
        "team_disabled", "invalid_token", "no_text", "missing_text_or_fallback_or_attachments", "rate_limited",
        "rollup_error", "invalid_blocks", "invalid_blocks_format",
    ]
}
