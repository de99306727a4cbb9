/// Reads a broadcast's recipient list in order, in slices, from a resume token
/// the outbox stores with the cursor (a byte offset in a file, an index): after
/// a restart the read goes on where the last committed lease left it, without
/// reading the millions of lines before it again.
public protocol RecipientSource {
    /// Up to `limit` recipients of `list`, starting at `token` (0 for the start).
    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice
}

/// What a `RecipientSource` throws for a list it cannot read now (gone,
/// unreadable, or changed while it was read): the outbox then holds that one broadcast for a while and
/// shows why, and goes on with the others. Any other error fails the lease.
public struct RecipientListUnavailable: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

public struct RecipientSlice: Hashable, Sendable {
    public var recipients: [String]
    /// The token to pass next time to continue after these recipients.
    public var next: Int64
    /// True when the list has nothing after these recipients.
    public var isEnd: Bool
    /// Which list this was read from and in what state (a file's device,
    /// inode, size and modification time), when the source can tell: the
    /// outbox keeps the first one with the broadcast and holds the broadcast
    /// when a later slice comes from another, rather than read a new list
    /// from the old one's offset. nil for sources whose lists cannot change.
    public var identity: String?

    public init(recipients: [String], next: Int64, isEnd: Bool, identity: String? = nil) {
        self.recipients = recipients
        self.next = next
        self.isEnd = isEnd
        self.identity = identity
    }
}
