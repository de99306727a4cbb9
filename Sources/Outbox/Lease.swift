/// One delivery handed to a sender: what to send to whom through which
/// destination, valid until `expires`. Its outcome goes back through
/// `DispatchOutbox.record(_:owner:)` (or `recordAndLease`) with the same owner.
public struct Lease: Hashable, Sendable {
    /// The delivery row; outcomes name it.
    public var id: Int64
    public var broadcastID: Int64
    public var key: DeliveryKey
    public var destination: String
    public var text: String
    /// 1 for the first attempt.
    public var attempt: Int
    public var expires: Int64
    /// When it became or becomes due: a lease taken ahead (`LeaseRequest.dueBy`)
    /// must not start before it. 0 when the backend did not say (due already).
    public var due: Int64

    public var recipient: String { key.recipient }

    public init(id: Int64, broadcastID: Int64, key: DeliveryKey, destination: String, text: String, attempt: Int, expires: Int64,
                due: Int64 = 0) {
        self.id = id
        self.broadcastID = broadcastID
        self.key = key
        self.destination = destination
        self.text = text
        self.attempt = attempt
        self.expires = expires
        self.due = due
    }
}
