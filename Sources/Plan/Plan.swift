import SMSText
import Schedule

/// What a schedule will send: every occurrence of every message, to every
/// region it reaches, on every channel the region is bound to.
///
/// Building a plan expands occurrences, selects regions and counts recipient
/// files (each file once, only for regions some message reaches by SMS); texts
/// are rendered only when entries are asked for, so a plan of a whole quarter
/// is cheap to build and to summarise.
public struct Plan: Sendable {
    public let document: ScheduleDocument
    public let tree: RegionTree
    public let renderer: TextRenderer
    /// One per message, in the document's order.
    public let messages: [MessagePlan]
    /// Per region index: the recipients in its SMS list; nil when it has no
    /// list, no message reaches it by SMS, or the list cannot be read.
    public let recipients: [Int?]
    /// Per region index, like `recipients`: the list's numbers and malformed lines.
    public let recipientTallies: [RecipientTally?]

    public init(_ document: ScheduleDocument, recipientCounter: RecipientCounter = RecipientCounter()) throws(PlanError) {
        guard var clock = ZoneClock(identifier: document.campaign.timeZone) else {
            throw .unknownTimeZone(document.campaign.timeZone)
        }
        let tree = RegionTree(document.regions)
        var selections: [Targets: [Int]] = [:]
        var reachedBySMS = Array(repeating: false, count: tree.regions.count)
        messages = document.messages.map { message in
            let regions = selections[message.targets] ?? tree.select(message.targets)
            selections[message.targets] = regions
            var unbound: [Channel: Int] = [:]
            for channel in Set(message.channels) {
                let missing = regions.count { !tree.isBound($0, to: channel) }
                if missing > 0 { unbound[channel] = missing }
                if channel == .sms { for region in regions { reachedBySMS[region] = true } }
            }
            return MessagePlan(message: message, occurrences: message.occurrences(in: document.campaign, clock: &clock),
                               regions: regions, unbound: unbound)
        }
        var counter = recipientCounter
        recipientTallies = tree.regions.indices.map { index in
            guard reachedBySMS[index], let list = tree.regions[index].sms else { return nil }
            return counter.tally(atPath: list.resolvedPath, country: document.campaign.country)
        }
        recipients = recipientTallies.map { $0?.numbers }
        self.document = document
        self.tree = tree
        self.renderer = TextRenderer(campaign: document.campaign, tree: tree)
    }

    /// Every send the filter lets through, in time order (at the same instant,
    /// in the document's order of messages); within one occurrence by region in
    /// declaration order, then channel in the message's `via` order.
    public func forEachEntry(matching filter: PlanFilter = PlanFilter(), _ body: (PlanEntry) throws -> Void) rethrows {
        let regionMask = filter.region.map(tree.matches)
        for slot in timeline(matching: filter) {
            let plan = messages[slot.message]
            try forEachEntry(of: plan, plan.occurrences[slot.occurrence], regionMask: regionMask, filter: filter, body)
        }
    }

    /// The sends of one occurrence of one message: what the daemon puts into the
    /// outbox when that occurrence comes due. Nothing when the message is not in this plan.
    public func forEachEntry(of occurrence: Occurrence, _ body: (PlanEntry) throws -> Void) rethrows {
        guard let plan = messages.first(where: { $0.message.name == occurrence.message }) else { return }
        try forEachEntry(of: plan, occurrence, regionMask: nil, filter: PlanFilter(), body)
    }

    private func forEachEntry(of plan: MessagePlan, _ occurrence: Occurrence, regionMask: [Bool]?, filter: PlanFilter,
                              _ body: (PlanEntry) throws -> Void) rethrows {
        // An SMS's size does not depend on the day ({date} is always ten GSM-7
        // characters), so it is worked out once per region from the template's
        // pieces rather than by scanning every rendered text again.
        let smsMeasures = filter.includes(.sms) ? plan.message.texts[.sms].map { renderer.measureSMS($0, regions: plan.regions) } : nil
        for (position, regionIndex) in plan.regions.enumerated() where regionMask?[regionIndex] ?? true {
            let region = tree.regions[regionIndex]
            for channel in plan.message.channels where filter.includes(channel) && tree.isBound(regionIndex, to: channel) {
                guard let template = plan.message.texts[channel] else { continue }
                let text = renderer.render(template, region: regionIndex, date: occurrence.local.date, channel: channel)
                try body(PlanEntry(occurrence: occurrence, region: region, channel: channel,
                                   endpoints: channel == .webhook ? region.webhooks : [],
                                   text: text,
                                   sms: channel == .sms ? smsMeasures?[position] : nil,
                                   recipients: channel == .sms ? recipients[regionIndex] : nil))
            }
        }
    }

    /// Every occurrence of every message, in time order: the scheduler's input.
    public var occurrences: [Occurrence] {
        timeline(matching: PlanFilter()).map(occurrence(at:))
    }

    public func entries(matching filter: PlanFilter = PlanFilter()) -> [PlanEntry] {
        var entries: [PlanEntry] = []
        forEachEntry(matching: filter) { entries.append($0) }
        return entries
    }

    /// Every occurrence inside the filter's dates, in time order; at the same
    /// instant, in the document's order of messages.
    func timeline(matching filter: PlanFilter) -> [TimelineSlot] {
        var slots: [TimelineSlot] = []
        for (messageIndex, plan) in messages.enumerated() {
            for (index, occurrence) in plan.occurrences.enumerated() where filter.includes(occurrence) {
                slots.append(TimelineSlot(instant: occurrence.instant, message: messageIndex, occurrence: index))
            }
        }
        slots.sort()
        return slots
    }

    func occurrence(at slot: TimelineSlot) -> Occurrence {
        messages[slot.message].occurrences[slot.occurrence]
    }
}

/// An occurrence's place in the timeline: plain integers, so sorting a
/// quarter's occurrences moves no strings.
struct TimelineSlot: Comparable {
    var instant: Int64
    var message: Int
    var occurrence: Int

    static func < (lhs: TimelineSlot, rhs: TimelineSlot) -> Bool {
        (lhs.instant, lhs.message) < (rhs.instant, rhs.message)
    }
}
