import CivilDate

/// What one delivery sends: everything a dialect needs to build its request.
/// Plain strings, so Delivery does not depend on the schedule model.
public struct OutgoingMessage: Hashable, Sendable {
    /// The delivery's idempotency key, the same on every attempt (the outbox's key).
    public var deliveryID: String
    public var campaignName: String
    public var campaignTitle: String
    public var messageName: String
    /// The occurrence instant, seconds since 1970 UTC.
    public var occurrence: Int64
    /// Seconds east of UTC at that instant, for ISO 8601 output.
    public var utcOffset: Int
    /// `jiangxi/nanchang/donghu`.
    public var regionPath: String
    public var regionName: String
    /// `sms` or `webhook`.
    public var channel: String
    /// The rendered text, variables already substituted.
    public var text: String
    /// E.164 (`+8613800000000`) for SMS; nil for webhooks.
    public var recipient: String?

    public init(deliveryID: String, campaignName: String, campaignTitle: String, messageName: String,
                occurrence: Int64, utcOffset: Int, regionPath: String, regionName: String,
                channel: String, text: String, recipient: String? = nil) {
        self.deliveryID = deliveryID
        self.campaignName = campaignName
        self.campaignTitle = campaignTitle
        self.messageName = messageName
        self.occurrence = occurrence
        self.utcOffset = utcOffset
        self.regionPath = regionPath
        self.regionName = regionName
        self.channel = channel
        self.text = text
        self.recipient = recipient
    }

    /// The occurrence as local time with its offset: `2021-03-15T09:00:00+08:00`.
    public var occurrenceISO8601: String {
        CivilTime.iso8601(secondsSince1970: occurrence, utcOffset: utcOffset)
    }
}
