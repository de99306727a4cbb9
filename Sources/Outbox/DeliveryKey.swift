/// The idempotency key of one delivery: the same (campaign, message, occurrence,
/// region, channel, recipient) always gives the same key, so putting an occurrence
/// into the outbox twice (after a crash, after a reload) never makes a second delivery.
public struct DeliveryKey: Hashable, Sendable, CustomStringConvertible {
    public var campaign: String
    public var message: String
    /// The occurrence's instant, seconds since 1970 UTC.
    public var occurrence: Int64
    public var region: String
    public var channel: String
    /// A phone number in E.164 for SMS, an endpoint name for webhooks.
    public var recipient: String

    public init(campaign: String, message: String, occurrence: Int64, region: String, channel: String, recipient: String) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.region = region
        self.channel = channel
        self.recipient = recipient
    }

    /// A stable text form for hashing and comparing keys; the unit separator
    /// cannot occur in names or numbers. It holds the number in clear: never print it.
    public var idempotencyText: String {
        [campaign, message, String(occurrence), region, channel, recipient].joined(separator: "\u{1F}")
    }

    /// The recipient as it may be printed: a phone number masked, an endpoint name as is.
    public var printableRecipient: String {
        channel == "sms" ? maskedPhone(recipient) : recipient
    }

    /// For logs and messages: the phone number masked, as everywhere numbers are printed.
    public var description: String {
        "\(campaign)/\(message)@\(occurrence) \(region) \(channel) \(printableRecipient)"
    }
}
