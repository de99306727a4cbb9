/// A number that never gets SMS, and where that came from: the campaign's
/// `optout` file, `broadcastctl optout add`, or a gateway's report of an
/// unsubscribe reply (退订 / TD).
public struct OptOut: Hashable, Sendable {
    public var phone: String
    public var source: String
    public var addedAt: Int64

    /// Sources the daemon and `broadcastctl` write.
    public static let fileSource = "file"
    public static let commandSource = "command"
    public static let reportSource = "report"

    public init(phone: String, source: String, addedAt: Int64) {
        self.phone = phone
        self.source = source
        self.addedAt = addedAt
    }
}
