import CivilDate
import Delivery
import DispatchRules
import Loading
import Outbox
import Plan
import Schedule

/// The broadcasts the daemon would enqueue for the rehearsed occurrences, as
/// `BroadcastExpander` makes them (the daemon's own expansion and order), with
/// each list's people counted as the plan counts them: one copy per person
/// across the overlapping lists of a reach, from the deepest region.
struct RehearsalScenario {
    struct Planned {
        var broadcast: NewBroadcast
        var occurrence: Occurrence
        var people: Int
        var segments: Int?
        var capped: Bool
        /// Of `people`, those on the campaign's opt-out file.
        var optedOut = 0
        /// `people` comes from the region's `people N` estimate, not its list.
        var estimated = false
    }

    private(set) var planned: [Planned] = []
    private(set) var firstDue: Int64?
    private(set) var lastDue: Int64?
    private let campaigns: [String: LoadedCampaign]

    init(campaigns: [LoadedCampaign], options: Rehearsal.Options) {
        self.campaigns = Dictionary(campaigns.map { ($0.name, $0) }) { first, _ in first }
        for campaign in campaigns {
            let plan = campaign.plan
            let people = PlanPeople(plan)
            let regionMask = options.region.map(plan.tree.matches)
            let cappedChannels = Set(campaign.document.campaign.caps.map(\.channel.rawValue))
            let optOuts = RehearsalOptOuts(campaign: campaign.document.campaign,
                                           lists: plan.tree.regions.compactMap { $0.sms?.resolvedPath },
                                           outbox: options.outboxOptOuts)
            for occurrence in plan.occurrences {
                if let from = options.from, occurrence.local.date < from { continue }
                if let to = options.to, occurrence.local.date > to { continue }
                let messageIndex = plan.messageIndex(named: occurrence.message)
                var segments: [String: Int] = [:]
                plan.forEachEntry(of: occurrence) { entry in
                    if let sms = entry.sms { segments[entry.region.path.description] = sms.segments }
                }
                let reach = messageIndex.flatMap { people.reach(ofMessage: $0) }
                let broadcasts = BroadcastExpander.broadcasts(of: occurrence, in: campaign)
                let figures = PeopleFigures(broadcasts, tree: plan.tree, reach: reach, useEstimates: options.useEstimates)
                let optedOutCounts = optOuts.counts(broadcasts)
                for ((broadcast, figure), listOptedOut) in zip(zip(broadcasts, figures.people), optedOutCounts) {
                    let regionIndex = plan.tree.index(of: RegionPath(broadcast.key.region))
                    if let regionMask, let regionIndex, !regionMask[regionIndex] { continue }
                    let optedOut = figure.estimated ? 0 : listOptedOut
                    planned.append(Planned(broadcast: broadcast, occurrence: occurrence, people: figure.count,
                                           segments: broadcast.key.channel == Channel.sms.rawValue ? segments[broadcast.key.region] : nil,
                                           capped: cappedChannels.contains(broadcast.key.channel),
                                           optedOut: min(optedOut, figure.count), estimated: figure.estimated))
                    firstDue = min(firstDue ?? occurrence.instant, occurrence.instant)
                    lastDue = max(lastDue ?? occurrence.instant, occurrence.instant)
                }
            }
        }
    }

    var totalSMSPeople: Int { planned.reduce(0) { $0 + ($1.broadcast.key.channel == Channel.sms.rawValue ? $1.people : 0) } }

    /// The simulated outbox holding every planned broadcast, people divided by `scale` (rounded up).
    func makeOutbox(scale: Int) -> RehearsalOutbox {
        let outbox = RehearsalOutbox()
        for item in planned {
            let key = item.broadcast.key
            let scaled = item.broadcast.key.channel == Channel.sms.rawValue && scale > 1
            let people = scaled ? (item.people + scale - 1) / scale : item.people
            let optedOut = scaled ? (item.optedOut + scale / 2) / scale : item.optedOut
            outbox.add(RehearsalOutbox.Broadcast(key: key, destination: item.broadcast.destination, text: item.broadcast.text,
                                                 dueAt: item.broadcast.dueAt, rank: item.broadcast.rank, reach: 0,
                                                 people: people, capTable: nil, optedOut: min(optedOut, people)),
                       capTableKey: item.capped ? "\(key.campaign)\u{1}\(key.channel)\u{1}\(key.region)" : nil,
                       reachKey: "\(key.campaign)\u{1}\(key.message)\u{1}\(key.occurrence)\u{1}\(key.channel)")
        }
        outbox.sealQueues()
        return outbox
    }

    /// One row per (occurrence, channel, destination): its broadcasts' tallies summed, scaled back.
    func rows(from outbox: RehearsalOutbox, scale: Int, capacity: (String) -> Double?) -> [RehearsalRow] {
        var rows: [RehearsalRow] = []
        var index: [String: Int] = [:]
        for (position, item) in planned.enumerated() {
            let key = item.broadcast.key
            let rowKey = "\(key.campaign)\u{1}\(key.message)\u{1}\(key.occurrence)\u{1}\(key.channel)\u{1}\(item.broadcast.destination)"
            let tally = scaledTally(at: position, in: outbox, scale: scale)
            if let existing = index[rowKey] {
                rows[existing].add(tally, people: item.people, estimated: item.estimated)
                continue
            }
            guard let campaign = campaigns[key.campaign], let channel = Channel(rawValue: key.channel) else { continue }
            index[rowKey] = rows.count
            var row = RehearsalRow(campaign: key.campaign, message: key.message, occurrence: item.occurrence, channel: channel,
                                   destination: item.broadcast.destination, segments: item.segments,
                                   capacity: capacity(item.broadcast.destination),
                                   zone: campaign.document.campaign.timeZone, quiet: campaign.document.campaign.quiet)
            row.add(tally, people: item.people, estimated: item.estimated)
            rows.append(row)
        }
        for position in rows.indices { rows[position].settleQuietHours(campaign: campaigns[rows[position].campaign]) }
        return rows
    }

    /// Each region of each campaign over the period, for the region tree.
    func regions(from outbox: RehearsalOutbox, scale: Int) -> [RehearsalRegion] {
        var sent: [String: [(region: String, channel: String, people: Int, estimated: Bool, delivered: Int)]] = [:]
        for (position, item) in planned.enumerated() {
            let key = item.broadcast.key
            sent[key.campaign, default: []].append((key.region, key.channel, item.people, item.estimated,
                                                    scaledTally(at: position, in: outbox, scale: scale).delivered))
        }
        return campaigns.keys.sorted().flatMap { name in
            RehearsalRegion.regions(campaign: name, tree: campaigns[name]!.plan.tree, sent: sent[name] ?? [])
        }
    }

    /// A planned broadcast's tally, scaled back to its people when the rehearsal ran scaled down.
    private func scaledTally(at position: Int, in outbox: RehearsalOutbox, scale: Int) -> RehearsalTally {
        let item = planned[position]
        var tally = outbox.broadcasts[position].tally
        guard item.broadcast.key.channel == Channel.sms.rawValue && scale > 1 else { return tally }
        // Scaled back, the ends add up to at most the people (people/k was rounded up).
        let simulated = tally.delivered
        tally.delivered = min(item.people, tally.delivered * scale)
        tally.deliveredVia = Self.shares(of: tally.delivered, like: tally.deliveredVia, total: simulated)
        tally.capped = min(item.people - tally.delivered, tally.capped * scale)
        tally.optedOut = min(item.people - tally.delivered - tally.capped, tally.optedOut * scale)
        tally.dead = min(item.people - tally.delivered - tally.capped - tally.optedOut, tally.dead * scale)
        tally.sendsByDay = tally.sendsByDay.mapValues { $0 * scale }
        return tally
    }

    /// `amount` split as `parts` split `total`, adding up exactly (the last part takes the rounding).
    static func shares(of amount: Int, like parts: [String: Int], total: Int) -> [String: Int] {
        guard total > 0, !parts.isEmpty else { return [:] }
        let names = parts.keys.sorted()
        var split: [String: Int] = [:]
        var given = 0
        for name in names.dropLast() {
            split[name] = parts[name]! * amount / total
            given += split[name]!
        }
        split[names.last!] = amount - given
        return split
    }
}
