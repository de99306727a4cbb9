import Schedule

/// The figures `check` and `plan` print under a schedule.
public struct PlanSummary: Hashable, Sendable {
    /// Regions declared in the schedule.
    public var regions: Int
    /// Regions that get at least one send.
    public var regionsReached: Int
    /// Messages with at least one send.
    public var messages: Int
    /// Occurrences with at least one send.
    public var occurrences: Int
    /// Sends, one per (occurrence, region) on each channel.
    public var sends: [Channel: Int]
    /// What the sends fan out to: SMS recipients (from readable lists), webhook endpoints.
    public var deliveries: [Channel: Int]
    /// SMS sends whose recipient list cannot be read, so `deliveries[.sms]` is a lower bound.
    public var sendsWithUnknownRecipients: Int
    /// Malformed lines of SMS lists, counted once per send like `deliveries`: not sent.
    public var droppedRecipients: Int

    public init(regions: Int, regionsReached: Int, messages: Int, occurrences: Int, sends: [Channel: Int],
                deliveries: [Channel: Int], sendsWithUnknownRecipients: Int, droppedRecipients: Int = 0) {
        self.regions = regions
        self.regionsReached = regionsReached
        self.messages = messages
        self.occurrences = occurrences
        self.sends = sends
        self.deliveries = deliveries
        self.sendsWithUnknownRecipients = sendsWithUnknownRecipients
        self.droppedRecipients = droppedRecipients
    }
}

/// What one occurrence of a message sends on one channel.
struct ChannelTally: Hashable, Sendable {
    var regions = 0
    /// Recipients for SMS (readable lists only), endpoints for webhooks.
    var deliveries = 0
    var unknownRecipientLists = 0
    /// Malformed lines in the SMS lists.
    var dropped = 0
}

extension Plan {
    /// The figures for the sends the filter lets through. Computed per message
    /// and multiplied by its occurrences, never by walking every send.
    public func summary(matching filter: PlanFilter = PlanFilter()) -> PlanSummary {
        let regionMask = filter.region.map(tree.matches)
        var reached = Array(repeating: false, count: tree.regions.count)
        var summary = PlanSummary(regions: tree.regions.count, regionsReached: 0, messages: 0, occurrences: 0,
                                  sends: [:], deliveries: [:], sendsWithUnknownRecipients: 0)
        for plan in messages {
            let tallies = channelTallies(plan, filter: filter, regionMask: regionMask)
            guard tallies.contains(where: { $0.tally.regions > 0 }) else { continue }
            let occurrences = plan.occurrences.count { filter.includes($0) }
            guard occurrences > 0 else { continue }
            summary.messages += 1
            summary.occurrences += occurrences
            for (channel, tally) in tallies where tally.regions > 0 {
                summary.sends[channel, default: 0] += tally.regions * occurrences
                summary.deliveries[channel, default: 0] += tally.deliveries * occurrences
                summary.sendsWithUnknownRecipients += tally.unknownRecipientLists * occurrences
                summary.droppedRecipients += tally.dropped * occurrences
            }
            let channels = tallies.filter { $0.tally.regions > 0 }.map(\.channel)
            for region in plan.regions where (regionMask?[region] ?? true) && !reached[region] {
                reached[region] = channels.contains { tree.isBound(region, to: $0) }
            }
        }
        summary.regionsReached = reached.count { $0 }
        return summary
    }

    /// Per channel of the message that the filter lets through, what one occurrence sends.
    func channelTallies(_ plan: MessagePlan, filter: PlanFilter, regionMask: [Bool]?) -> [(channel: Channel, tally: ChannelTally)] {
        var seen = Set<Channel>()
        return plan.message.channels.filter { filter.includes($0) && seen.insert($0).inserted }.map { channel in
            var tally = ChannelTally()
            guard plan.message.texts[channel] != nil else { return (channel, tally) }
            for index in plan.regions where (regionMask?[index] ?? true) && tree.isBound(index, to: channel) {
                tally.regions += 1
                switch channel {
                case .sms:
                    if let list = recipientTallies[index] {
                        tally.deliveries += list.numbers
                        tally.dropped += list.malformed
                    } else {
                        tally.unknownRecipientLists += 1
                    }
                case .webhook:
                    tally.deliveries += tree.endpointCount(index)
                }
            }
            return (channel, tally)
        }
    }
}
