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
    /// Message name → index into `messages`. The daemon asks per due occurrence; a
    /// linear search made enqueueing a burst of 10,000 one-off messages quadratic
    /// (a tenth of the daemon's CPU in `bench on-time`).
    private let messageIndices: [String: Int]

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
            var unbound: [Channel: [Int]] = [:]
            for channel in Set(message.channels) {
                let missing = tree.uncovered(regions, on: channel)
                if !missing.isEmpty { unbound[channel] = missing }
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
        messageIndices = Dictionary(messages.enumerated().map { ($1.message.name, $0) }) { first, _ in first }
        self.document = document
        self.tree = tree
        self.renderer = TextRenderer(campaign: document.campaign, tree: tree)
    }

    /// Every send the filter lets through, in time order (at the same instant,
    /// in the document's order of messages); within one occurrence by region in
    /// declaration order, then channel in the message's `via` order.
    public func forEachEntry(matching filter: PlanFilter = PlanFilter(), _ body: (PlanEntry) throws -> Void) rethrows {
        let regionMask = filter.regionMask(in: tree)
        let timeline = timeline(matching: filter)
        // A message's texts are worked out at its first occurrence and dropped
        // after its last, so a quarter's plan holds only the messages under way.
        var remaining = Array(repeating: 0, count: messages.count)
        for slot in timeline { remaining[slot.message] += 1 }
        var prepared: [PreparedMessage?] = Array(repeating: nil, count: messages.count)
        for slot in timeline {
            // `messages[slot.message]` is read in place: copying a whole MessagePlan per occurrence showed in profiles.
            let texts = prepared[slot.message]
                ?? PreparedMessage(messages[slot.message], renderer: renderer, tree: tree, regionMask: regionMask, filter: filter)
            remaining[slot.message] -= 1
            prepared[slot.message] = remaining[slot.message] > 0 ? texts : nil
            try forEachEntry(of: messages[slot.message], messages[slot.message].occurrences[slot.occurrence], texts: texts,
                             regionMask: regionMask, body)
        }
    }

    /// The sends of one occurrence of one message: what the daemon puts into the
    /// outbox when that occurrence comes due. Nothing when the message is not in this plan.
    public func forEachEntry(of occurrence: Occurrence, _ body: (PlanEntry) throws -> Void) rethrows {
        guard let index = messageIndex(named: occurrence.message) else { return }
        let texts = PreparedMessage(messages[index], renderer: renderer, tree: tree, regionMask: nil, filter: PlanFilter())
        try forEachEntry(of: messages[index], occurrence, texts: texts, regionMask: nil, body)
    }

    /// The index into `messages` of the message with this name (the first, should two share it).
    public func messageIndex(named name: String) -> Int? {
        messageIndices[name]
    }

    /// `texts` already leaves out what the filter does not let through.
    private func forEachEntry(of plan: borrowing MessagePlan, _ occurrence: borrowing Occurrence, texts: PreparedMessage,
                              regionMask: [Bool]?, _ body: (PlanEntry) throws -> Void) rethrows {
        let date = occurrence.local.date.description
        let channels = plan.message.channels
        for (position, regionIndex) in plan.regions.enumerated() where regionMask?[regionIndex] ?? true {
            let region = tree.regions[regionIndex]
            for (channelIndex, channel) in channels.enumerated() {
                guard let text = texts.text(at: position, channel: channelIndex) else { continue }
                try body(PlanEntry(occurrence: copy occurrence, region: region, channel: channel,
                                   endpoints: channel == .webhook ? region.webhooks : [],
                                   text: text.text(on: date),
                                   sms: channel == .sms ? texts.smsMeasures?[position] : nil,
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
