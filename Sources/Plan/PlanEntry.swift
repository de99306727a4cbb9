import SMSText
import Schedule

/// One send of the plan: an occurrence of a message, to one region, on one channel.
public struct PlanEntry: Hashable, Sendable {
    public var occurrence: Occurrence
    public var region: Region
    public var channel: Channel
    /// The endpoints a webhook send goes to, in the region's order; empty for SMS.
    public var endpoints: [String]
    /// As sent: an SMS has the campaign signature in front.
    public var text: String
    /// The size of an SMS text; nil for webhooks.
    public var sms: SMSMeasure?
    /// Recipients of an SMS send; nil for webhooks and for lists that cannot be read.
    public var recipients: Int?

    public init(occurrence: Occurrence, region: Region, channel: Channel, endpoints: [String], text: String,
                sms: SMSMeasure?, recipients: Int?) {
        self.occurrence = occurrence
        self.region = region
        self.channel = channel
        self.endpoints = endpoints
        self.text = text
        self.sms = sms
        self.recipients = recipients
    }
}

extension Region {
    /// Whether the region says where this channel's sends go.
    public func isBound(to channel: Channel) -> Bool {
        switch channel {
        case .sms: sms != nil
        case .webhook: !webhooks.isEmpty
        }
    }
}
