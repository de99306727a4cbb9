/// What one attempt means for a delivery: done, try again later, or give up.
/// Every verdict carries a short reason fit for `status` and metrics labels
/// (`http 503`, `timeout after 10s`, `dingtalk 130101 send too fast`).
public enum Verdict: Hashable, Sendable {
    /// The gateway or endpoint took it; its message id when it gave one.
    case delivered(gatewayMessageID: String?)
    /// Worth another attempt; `after` is the wait the peer asked for (Retry-After), in seconds.
    case retry(reason: String, after: Double?)
    /// Will never succeed as it is (bad key, 4xx, removed bot).
    case permanent(reason: String)
    /// The recipient unsubscribed and the gateway will not send to them (Twilio
    /// 21610, a configured `unsubscribe-status`): the number joins the opt-out list.
    case unsubscribed(reason: String)

    public var reason: String {
        switch self {
        case .delivered: return "delivered"
        case .retry(let reason, _), .permanent(let reason), .unsubscribed(let reason): return reason
        }
    }
}
