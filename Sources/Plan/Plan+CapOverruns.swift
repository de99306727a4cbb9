import CivilDate
import Schedule

extension Plan {
    /// Every day and week in which the campaign's SMS caps would skip sends,
    /// found from the plan alone (no list is read): the regions with an SMS list
    /// are grouped by the messages their people get, and each group's
    /// occurrences are counted the way the outbox counts one recipient's sends,
    /// in lease order. Sorted by cap (as written), period, then first region.
    ///
    /// A region's people are taken to get its own messages and those of every
    /// ancestor with a list (a county's people are on their city's list too, as
    /// the shipped example has them); one occurrence counts once however many
    /// of their lists it reaches, since the daemon sends it once per person.
    public func capOverruns() -> [CapOverrun] {
        let caps = document.campaign.caps.filter { $0.channel == .sms }
        guard !caps.isEmpty else { return [] }
        let order = Dictionary(caps.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return smsAudiences()
            .flatMap { overruns(under: caps, messages: $0.messages, regions: $0.regions) }
            .sorted {
                (order[$0.cap] ?? 0, $0.period.dayNumber, $0.regions.first ?? 0)
                    < (order[$1.cap] ?? 0, $1.period.dayNumber, $1.regions.first ?? 0)
            }
    }

    /// The regions with an SMS list that is not empty, grouped by the (sorted)
    /// messages whose SMS reach their people; groups in the order of their first region.
    func smsAudiences() -> [(messages: [Int], regions: [Int])] {
        var sentTo = Array(repeating: [Int](), count: tree.regions.count)
        for (index, plan) in messages.enumerated() {
            for region in smsLists(of: plan) ?? [] { sentTo[region].append(index) }
        }
        var groups: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        // A list known to be empty has nobody to warn about; one that cannot be read might.
        for region in tree.regions.indices where tree.isBound(region, to: .sms) && recipientTallies[region]?.numbers != 0 {
            var received = Set<Int>()
            var next: Int? = region
            while let current = next {
                received.formUnion(sentTo[current])
                next = tree.parentIndex[current]
            }
            guard !received.isEmpty else { continue }
            let key = received.sorted()
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(region)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// One audience's sends counted against the caps in lease order; the
    /// periods where some were capped.
    private func overruns(under caps: [FrequencyCap], messages messageIndices: [Int], regions: [Int]) -> [CapOverrun] {
        var slots: [TimelineSlot] = []
        for message in messageIndices {
            for (index, occurrence) in messages[message].occurrences.enumerated() {
                slots.append(TimelineSlot(instant: occurrence.instant, message: message, occurrence: index))
            }
        }
        slots.sort()
        var counter = CapCounter(caps)
        var periods: [PeriodKey: CapOverrun] = [:]
        for slot in slots {
            let occurrence = occurrence(at: slot)
            let date = occurrence.local.date
            let blocking = counter.take(on: date)
            for cap in counter.limits {
                // A send the day's cap stopped never reaches the week's count.
                if cap.period == .week, blocking?.period == .day { continue }
                let start = cap.period == .day ? date : date.monday
                let key = PeriodKey(cap: cap, start: start.dayNumber)
                periods[key, default: CapOverrun(cap: cap, period: start, regions: regions, occurrences: [], capped: [])]
                    .occurrences.append(occurrence)
                if blocking == cap { periods[key]?.capped.append(occurrence) }
            }
        }
        return periods.values.filter { !$0.capped.isEmpty }
    }

    private struct PeriodKey: Hashable {
        var cap: FrequencyCap
        var start: Int
    }
}

/// One recipient's counts against a channel's caps, as the outbox keeps them:
/// a send is counted only when no cap stops it, and a new day or week starts
/// its count again. Of several caps for one period, the last one written holds.
struct CapCounter {
    private(set) var limits: [FrequencyCap] = []
    private var day: LocalDate?
    private var week: LocalDate?
    private var dayCount = 0
    private var weekCount = 0

    init(_ caps: [FrequencyCap]) {
        for period in FrequencyCap.Period.allCases {
            if let cap = caps.last(where: { $0.period == period }) { limits.append(cap) }
        }
    }

    /// Counts a send on `date` unless a cap forbids it; the cap that does, if one does.
    mutating func take(on date: LocalDate) -> FrequencyCap? {
        if date != day { day = date; dayCount = 0 }
        if date.monday != week { week = date.monday; weekCount = 0 }
        for cap in limits where (cap.period == .day ? dayCount : weekCount) >= cap.count { return cap }
        dayCount += 1
        weekCount += 1
        return nil
    }
}
