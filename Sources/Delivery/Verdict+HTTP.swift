/// The reading of an HTTP answer shared by every dialect; dialects add what
/// their body says (a message id, a bot's error code, Kannel's status line).
extension Verdict {
    /// Statuses that say "not now" rather than "never": timeouts, too early,
    /// too many requests and the server-side failures a peer recovers from.
    public static let retryableStatuses: Set<Int> = [408, 425, 429, 500, 502, 503, 504]

    /// 2xx → delivered; a retryable status → retry honouring Retry-After; anything
    /// else (1xx, 3xx since redirects are not followed, other 4xx and 5xx) → permanent.
    /// `reason` replaces the default `http <status>` for non-2xx answers; it is
    /// only worked out for those (a 2xx, nearly every answer, reads no body text).
    public init(response: HTTPResponse, now: Double, gatewayMessageID: String? = nil,
                reason: @autoclosure () -> String? = nil) {
        if (200..<300).contains(response.status) {
            self = .delivered(gatewayMessageID: gatewayMessageID)
            return
        }
        let reason = reason() ?? "http \(response.status)"
        if Verdict.retryableStatuses.contains(response.status) {
            self = .retry(reason: reason, after: RetryAfter.seconds(response.headers["retry-after"], now: now))
        } else {
            self = .permanent(reason: reason)
        }
    }

    /// Whether the peer told us to slow down (a 429 from any dialect, or a bot's
    /// rate-limit code), which halves the destination's rate.
    public var isThrottle: Bool {
        guard case .retry(let reason, _) = self else { return false }
        let words = reason.split(separator: " ")
        return (words.count >= 2 && words[1] == "429") || Verdict.botThrottleReasons.contains(reason)
    }

    private static let botThrottleReasons = Set(
        [WeCom.answer, DingTalk.answer, Feishu.answer].flatMap(\.throttleReasons))
}
