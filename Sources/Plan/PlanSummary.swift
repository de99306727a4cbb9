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
    /// SMS that go out once each person gets one copy per occurrence: the
    /// distinct people of each occurrence, added up. nil when people were not
    /// counted (no `PlanPeople`, or a reach too large to count).
    public var people: Int?
    /// The segments those SMS cost (each region's text measured with the
    /// signature), what a gateway bills; nil when people were not counted.
    public var smsSegments: Int?
    /// Distinct people the SMS reach over the whole selection, each counted
    /// once however many occurrences they get; nil when not counted.
    public var distinctPeople: Int?
    /// SMS recipients (positions) sent from another list of the same occurrence
    /// instead, or repeated in their list: `deliveries[.sms]` minus `people`.
    public var duplicateRecipients: Int
    /// SMS to the regions whose list cannot be read, from their `people N`
    /// estimates (an estimate counts everyone there, so a region inside another
    /// unreadable one adds nothing), over the occurrences; 0 when none has one.
    public var estimatedSMS = 0

    public init(regions: Int, regionsReached: Int, messages: Int, occurrences: Int, sends: [Channel: Int],
                deliveries: [Channel: Int], sendsWithUnknownRecipients: Int, droppedRecipients: Int = 0,
                people: Int? = nil, duplicateRecipients: Int = 0) {
        self.regions = regions
        self.regionsReached = regionsReached
        self.messages = messages
        self.occurrences = occurrences
        self.sends = sends
        self.deliveries = deliveries
        self.sendsWithUnknownRecipients = sendsWithUnknownRecipients
        self.droppedRecipients = droppedRecipients
        self.people = people
        self.duplicateRecipients = duplicateRecipients
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
    /// SMS: the distinct people, when counted, and the positions that are duplicates.
    var people: Int?
    var duplicates = 0
    /// SMS: the segments sent to those people, when counted.
    var segments: Int?
    /// SMS: people of the regions with unreadable lists, by their `people N` estimates.
    var estimatedPeople = 0
}

extension Plan {
    /// The figures for the sends the filter lets through. Computed per message
    /// and multiplied by its occurrences, never by walking every send. With
    /// `people`, also the SMS that go out once per person.
    public func summary(matching filter: PlanFilter = PlanFilter(), people: PlanPeople? = nil) -> PlanSummary {
        let regionMask = filter.regionMask(in: tree)
        var reached = Array(repeating: false, count: tree.regions.count)
        var summary = PlanSummary(regions: tree.regions.count, regionsReached: 0, messages: 0, occurrences: 0,
                                  sends: [:], deliveries: [:], sendsWithUnknownRecipients: 0)
        var peopleCounted = people != nil
        summary.people = 0
        summary.smsSegments = 0
        var smsMessages: [Int] = []
        for (index, plan) in messages.enumerated() {
            let tallies = channelTallies(plan, filter: filter, regionMask: regionMask, reach: people?.reach(ofMessage: index))
            guard tallies.contains(where: { $0.tally.regions > 0 }) else { continue }
            let occurrences = plan.occurrences.count { filter.includes($0) }
            guard occurrences > 0 else { continue }
            summary.messages += 1
            summary.occurrences += occurrences
            for (channel, tally) in tallies where tally.regions > 0 {
                summary.sends[channel, default: 0] += tally.regions * occurrences
                summary.deliveries[channel, default: 0] += tally.deliveries * occurrences
                summary.sendsWithUnknownRecipients += tally.unknownRecipientLists * occurrences
                summary.estimatedSMS += tally.estimatedPeople * occurrences
                summary.droppedRecipients += tally.dropped * occurrences
                guard channel == .sms else { continue }
                summary.duplicateRecipients += tally.duplicates * occurrences
                smsMessages.append(index)
                if let sent = tally.people, let segments = tally.segments {
                    summary.people? += sent * occurrences
                    summary.smsSegments? += segments * occurrences
                } else {
                    peopleCounted = false
                }
            }
            let channels = tallies.filter { $0.tally.regions > 0 }.map(\.channel)
            for region in plan.regions where (regionMask?[region] ?? true) && !reached[region] {
                reached[region] = channels.contains { tree.isBound(region, to: $0) }
            }
        }
        summary.regionsReached = reached.count { $0 }
        if peopleCounted, let people {
            summary.distinctPeople = people.distinct(ofMessages: smsMessages, plan: self, regionMask: regionMask)
        } else {
            summary.people = nil
            summary.smsSegments = nil
        }
        return summary
    }

    /// Per channel of the message that the filter lets through, what one
    /// occurrence sends; with the message's `reach`, its SMS people too.
    func channelTallies(_ plan: MessagePlan, filter: PlanFilter, regionMask: [Bool]?,
                        reach: ReachCount? = nil) -> [(channel: Channel, tally: ChannelTally)] {
        var seen = Set<Channel>()
        return plan.message.channels.filter { filter.includes($0) && seen.insert($0).inserted }.map { channel in
            var tally = ChannelTally()
            guard plan.message.texts[channel] != nil else { return (channel, tally) }
            var unreadable: [Int] = []
            for index in plan.regions where (regionMask?[index] ?? true) && tree.isBound(index, to: channel) {
                tally.regions += 1
                switch channel {
                case .sms:
                    if let list = recipientTallies[index] {
                        tally.deliveries += list.numbers
                        tally.dropped += list.malformed
                    } else {
                        tally.unknownRecipientLists += 1
                        unreadable.append(index)
                    }
                case .webhook:
                    tally.deliveries += tree.endpointCount(index)
                }
            }
            tally.estimatedPeople = estimatedPeople(unreadable)
            if channel == .sms, let reach, let template = plan.message.texts[.sms] {
                let counts = reach.counts(regionMask: regionMask)
                tally.people = counts.people
                tally.duplicates = counts.duplicates
                let lists = plan.regions.filter { (regionMask?[$0] ?? true) && tree.isBound($0, to: .sms) }
                tally.segments = zip(lists, renderer.measureSMS(template, regions: lists)).reduce(0) { sum, pair in
                    sum + reach.people[pair.0, default: 0] * pair.1.segments
                }
            }
            return (channel, tally)
        }
    }

    /// The `people N` estimates of regions whose lists cannot be read, each
    /// counted once: a region inside another of them is already in its figure.
    func estimatedPeople(_ regions: [Int]) -> Int {
        let paths = regions.map { tree.regions[$0].path }
        return regions.enumerated().reduce(0) { sum, item in
            let path = paths[item.offset]
            guard !paths.contains(where: { path.isDescendant(of: $0) }) else { return sum }
            return sum + (tree.regions[item.element].people ?? 0)
        }
    }
}
