/// One occurrence of one message for one region, channel and audience: the unit
/// the outbox stores as a single row with a cursor into its recipient list.
/// Together with a recipient it gives that person's `DeliveryKey`.
public struct BroadcastKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var campaign: String
    public var message: String
    /// The occurrence's instant, seconds since 1970 UTC.
    public var occurrence: Int64
    public var region: String
    public var channel: String
    /// Which of the region's audiences on this channel: its phone list for SMS
    /// (conventionally `list`), or one webhook endpoint's name. Not the gateway:
    /// moving a region to another gateway must not make its people a new audience.
    public var audience: String

    public init(campaign: String, message: String, occurrence: Int64, region: String, channel: String, audience: String) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.region = region
        self.channel = channel
        self.audience = audience
    }

    public func deliveryKey(recipient: String) -> DeliveryKey {
        DeliveryKey(campaign: campaign, message: message, occurrence: occurrence, region: region, channel: channel, recipient: recipient)
    }

    public var description: String { "\(campaign)/\(message)@\(occurrence) \(region) \(channel):\(audience)" }
}

/// A broadcast to put into the outbox.
public struct NewBroadcast: Hashable, Sendable {
    public enum Recipients: Hashable, Sendable {
        /// A handful of recipients (webhook endpoints, a tiny test list), stored
        /// one row each at enqueue time.
        case inline([String])
        /// A list a `RecipientSource` reads in order, e.g. a region's phone file.
        /// Nothing is stored per recipient until it is leased. `count` when the
        /// planner already knows it makes `status` exact before the list is read.
        case list(String, count: Int64?)
    }

    public var key: BroadcastKey
    /// The gateway or endpoint the sends go through; rate limits apply per destination.
    public var destination: String
    public var text: String
    /// When sending may start, seconds since 1970 UTC (usually the occurrence).
    public var dueAt: Int64
    public var recipients: Recipients
    /// How specific the broadcast's region is (its depth in the region tree).
    /// Within one reach — the list broadcasts of one campaign, message,
    /// occurrence and channel — a number listed under several regions goes out
    /// once, from the highest rank that lists it: lower ranks wait for the
    /// higher ones' lists to be read. Inline broadcasts are in no reach.
    public var rank: Int

    public init(key: BroadcastKey, destination: String, text: String, dueAt: Int64, recipients: Recipients, rank: Int = 0) {
        self.key = key
        self.destination = destination
        self.text = text
        self.dueAt = dueAt
        self.recipients = recipients
        self.rank = rank
    }
}
