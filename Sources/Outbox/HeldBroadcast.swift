/// A broadcast waiting because its list could not be read.
public struct HeldBroadcast: Hashable, Sendable {
    public var key: BroadcastKey
    /// Why, without personal data: the list's path and what went wrong.
    public var problem: String
    /// When the list is tried again (seconds since 1970 UTC).
    public var retryAt: Int64

    /// How long a broadcast whose list could not be read waits before the next
    /// try, in every backend: `status` and the daemon's log say so.
    public static let retrySeconds: Int64 = 60

    public init(key: BroadcastKey, problem: String, retryAt: Int64) {
        self.key = key
        self.problem = problem
        self.retryAt = retryAt
    }

    /// Why a broadcast whose list changed under it is held, and the operator's
    /// two ways out, in every backend's words. `campaign` and `message` nil
    /// when the broadcast's row could not be read.
    public static func changedListProblem(list: String, campaign: String?, message: String?) -> String {
        let target = campaign.map { "'\(message ?? "")' --campaign '\($0)'" } ?? "MESSAGE --campaign CAMPAIGN"
        return "the recipient list '\(list)' changed since this broadcast started reading it "
            + "(replaced, truncated, grown or rewritten); nothing more is sent from it. "
            + "To send to the list as it is now from its start (people already reached are not sent again): "
            + "broadcastctl resume --restart-list \(target); or broadcastctl cancel \(target)"
    }
}
