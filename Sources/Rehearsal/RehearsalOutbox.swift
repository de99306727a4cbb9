import Outbox

/// The outbox as the dispatch machine sees it, in memory and at aggregate
/// scale: a broadcast is a count of people and a cursor, not rows. It keeps
/// the lease semantics the machine relies on, as the SQLite outbox has them:
/// retries first in due order, then fresh positions of due broadcasts in due
/// order (ties in the order the daemon enqueued them), a list not read while a
/// deeper list of its reach is still due, caps counted at a send's first lease
/// on the day of that lease, outcomes recorded against the lease they name.
///
/// People are identified by their position in their region's list (the
/// plan's distinct count), so a cap counts the same person across messages
/// sent to the same region. Memory: the broadcasts, the retries pending, and
/// 12 bytes per person of a capped region (no object per person).
final class RehearsalOutbox {
    struct Broadcast {
        var key: BroadcastKey
        var destination: String
        var text: String
        var dueAt: Int64
        var rank: Int
        /// Index of its reach: the lists of one campaign, message, occurrence and channel.
        var reach: Int
        var people: Int
        /// Where its people's cap counts are kept; nil when the campaign has no caps.
        var capTable: Int?
        /// Its first `optedOut` positions are people on the opt-out list (where they stand
        /// in the list changes no time: a skip costs the lease nothing).
        var optedOut = 0
        var cursor = 0
        var tally = RehearsalTally()

        var isExhausted: Bool { cursor >= people }
    }

    /// One person's counts on one (campaign, channel): the day and week they last counted in.
    private struct CapCount {
        var day: Int32 = .min
        var dayCount: UInt16 = 0
        var week: Int32 = .min
        var weekCount: UInt16 = 0
    }

    private struct Stored {
        var due: Int64
        var broadcast: Int
        var person: Int
        var attempt: Int
    }

    private struct Leased {
        var broadcast: Int
        var person: Int
        var attempt: Int
    }

    private(set) var broadcasts: [Broadcast] = []
    private var reaches: [[Int]] = []
    /// Per reach, the deepest rank of its lists not read to the end: only lists of
    /// that rank may be read (`isLeasable`). Kept as lists end, so the rule costs
    /// one comparison per look instead of a walk over the reach's lists.
    private var reachTop: [Int] = []
    /// Per reach, false when its broadcasts are not all due at once (never so for
    /// the daemon's expansion of one occurrence; then the rule walks the reach).
    private var reachUniformDue: [Bool] = []
    private var capTables: [[CapCount]] = []
    /// Per (destination, campaign): its broadcasts in lease order, and the first not exhausted.
    private var queues: [QueueKey: (order: [Int], start: Int)] = [:]
    /// Per (destination, campaign): retries pending, sorted by due time.
    private var retries: [QueueKey: [Stored]] = [:]
    private var leased: [Int64: Leased] = [:]
    private var nextLeaseID: Int64 = 1
    /// Per route name: the numbers its people stand in with (see `StandInNumbers`).
    var standIns: [String: StandInNumbers] = [:]

    private struct QueueKey: Hashable {
        var destination: String
        var campaign: String
    }

    /// Adds the broadcasts of one occurrence, in the order the daemon enqueues them.
    /// `capRegion` names the cap table shared by every broadcast to the same region list.
    func add(_ broadcast: Broadcast, capTableKey: String?, reachKey: String) {
        var broadcast = broadcast
        if let capTableKey {
            let index = capTableIndex[capTableKey] ?? {
                capTables.append([])
                capTableIndex[capTableKey] = capTables.count - 1
                return capTables.count - 1
            }()
            if capTables[index].count < broadcast.people {
                capTables[index] += Array(repeating: CapCount(), count: broadcast.people - capTables[index].count)
            }
            broadcast.capTable = index
        }
        let reach = reachIndex[reachKey] ?? {
            reaches.append([])
            reachTop.append(.min)
            reachUniformDue.append(true)
            reachIndex[reachKey] = reaches.count - 1
            return reaches.count - 1
        }()
        broadcast.reach = reach
        let id = broadcasts.count
        if let first = reaches[reach].first, broadcasts[first].dueAt != broadcast.dueAt { reachUniformDue[reach] = false }
        broadcasts.append(broadcast)
        reaches[reach].append(id)
        if !broadcast.isExhausted { reachTop[reach] = max(reachTop[reach], broadcast.rank) }
        queues[QueueKey(destination: broadcast.destination, campaign: broadcast.key.campaign), default: ([], 0)].order.append(id)
    }

    private var capTableIndex: [String: Int] = [:]
    private var reachIndex: [String: Int] = [:]

    /// Sorts each queue by due time, keeping the enqueue order among equals.
    func sealQueues() {
        for key in queues.keys {
            queues[key]!.order = queues[key]!.order.enumerated()
                .sorted { (broadcasts[$0.element].dueAt, $0.offset) < (broadcasts[$1.element].dueAt, $1.offset) }
                .map(\.element)
        }
    }

    /// Nothing leased, nothing to retry, every list read to its end.
    var isIdle: Bool {
        leased.isEmpty && retries.values.allSatisfy { $0.isEmpty }
            && queues.values.allSatisfy { queue in queue.order[queue.start...].allSatisfy { broadcasts[$0].isExhausted } }
    }

    // MARK: The machine's outbox calls

    func dueDestinations(now: Int64) -> [String] {
        var names: Set<String> = []
        for (key, queue) in queues where !names.contains(key.destination) {
            if let first = retries[key]?.first, first.due <= now { names.insert(key.destination); continue }
            if firstLeasable(in: queue, now: now) != nil { names.insert(key.destination) }
        }
        return names.sorted()
    }

    func nextDueTime() -> Int64? {
        var next: Int64?
        for (key, queue) in queues {
            if let first = retries[key]?.first { next = min(next ?? first.due, first.due) }
            for id in queue.order[queue.start...] where !broadcasts[id].isExhausted {
                next = min(next ?? broadcasts[id].dueAt, broadcasts[id].dueAt)
                break
            }
        }
        return next
    }

    /// The first instant after `now` at which a broadcast or a retry becomes due.
    /// The machine's next-due question answers the earliest due time, which is in
    /// the past while due work waits for room; this one says when more arrives.
    func nextDue(after now: Int64) -> Int64? {
        var next: Int64?
        for (key, queue) in queues {
            if let retry = retries[key]?.first(where: { $0.due > now }) { next = min(next ?? retry.due, retry.due) }
            for id in queue.order[queue.start...] where !broadcasts[id].isExhausted && broadcasts[id].dueAt > now {
                next = min(next ?? broadcasts[id].dueAt, broadcasts[id].dueAt)
                break
            }
        }
        return next
    }

    /// What has work due at `now`: each campaign with the channel it is due on.
    struct DueWork: Hashable {
        var campaign: String
        var channel: String
    }

    func dueWork(now: Int64) -> Set<DueWork> {
        var work: Set<DueWork> = []
        for (key, queue) in queues {
            if let first = retries[key]?.first, first.due <= now {
                work.insert(DueWork(campaign: key.campaign, channel: broadcasts[first.broadcast].key.channel))
            }
            if let id = firstLeasable(in: queue, now: now) {
                work.insert(DueWork(campaign: key.campaign, channel: broadcasts[id].key.channel))
            }
        }
        return work
    }

    func recordAndLease(_ outcomes: [Outcome], _ request: LeaseRequest) -> RecordAndLease {
        let summary = outcomes.isEmpty ? nil : record(outcomes)
        let key = QueueKey(destination: request.destination, campaign: request.campaign)
        var leases: [Lease] = []
        var skipped = 0
        let expires = request.now + request.leaseSeconds
        // Stored deliveries first (retries), in due order; counted against caps at their first lease already.
        while leases.count < request.limit, let first = retries[key]?.first, first.due <= request.now {
            retries[key]!.removeFirst()
            leases.append(lease(broadcast: first.broadcast, person: first.person, attempt: first.attempt, expires: expires))
        }
        guard var queue = queues[key] else { return RecordAndLease(recorded: summary, batch: LeaseBatch(leases: leases, skipped: 0)) }
        var index = queue.start
        while leases.count < request.limit && index < queue.order.count {
            let id = queue.order[index]
            guard broadcasts[id].dueAt <= request.now else { break }
            index += 1
            guard isLeasable(id, now: request.now) else { continue }
            while leases.count < request.limit && !broadcasts[id].isExhausted {
                let person = broadcasts[id].cursor
                broadcasts[id].cursor += 1
                // Opted out is checked before the caps, as the outbox's lease gate does: it counts nothing.
                if person < broadcasts[id].optedOut {
                    broadcasts[id].tally.optedOut += 1
                    skipped += 1
                    continue
                }
                if let caps = request.caps, let table = broadcasts[id].capTable,
                   let limit = caps.limits[broadcasts[id].key.channel], !takeCap(table: table, person: person, limit: limit, policy: caps) {
                    broadcasts[id].tally.capped += 1
                    skipped += 1
                    continue
                }
                leases.append(lease(broadcast: id, person: person, attempt: 1, expires: expires))
            }
            // A list that ended may let a lower rank of its reach be read: look again from the start.
            if broadcasts[id].isExhausted {
                listEnded(id)
                index = queue.start
            }
        }
        while queue.start < queue.order.count && broadcasts[queue.order[queue.start]].isExhausted { queue.start += 1 }
        queues[key] = queue
        return RecordAndLease(recorded: summary, batch: LeaseBatch(leases: leases, skipped: skipped))
    }

    func record(_ outcomes: [Outcome]) -> RecordSummary {
        var summary = RecordSummary()
        for outcome in outcomes {
            guard let lease = leased.removeValue(forKey: outcome.delivery) else {
                summary.refused.append(outcome.delivery)
                continue
            }
            summary.applied += 1
            switch outcome.result {
            case .delivered:
                broadcasts[lease.broadcast].tally.delivered += 1
                // A route's gateway is chosen per send; what each carried prices the row.
                if let gateway = outcome.gateway { broadcasts[lease.broadcast].tally.deliveredVia[gateway, default: 0] += 1 }
            case .retry(let at, _):
                let broadcast = broadcasts[lease.broadcast]
                let key = QueueKey(destination: broadcast.destination, campaign: broadcast.key.campaign)
                let stored = Stored(due: at, broadcast: lease.broadcast, person: lease.person, attempt: lease.attempt + 1)
                var pending = retries[key, default: []]
                let position = pending.firstIndex { $0.due > at } ?? pending.count
                pending.insert(stored, at: position)
                retries[key] = pending
            case .skipped(.optedOut): broadcasts[lease.broadcast].tally.optedOut += 1
            case .skipped: broadcasts[lease.broadcast].tally.capped += 1
            case .dead: broadcasts[lease.broadcast].tally.dead += 1
            default: broadcasts[lease.broadcast].tally.dead += 1
            }
        }
        return summary
    }

    /// The broadcast a lease belongs to, for the run's per-send figures.
    func broadcast(ofLease id: Int64) -> Int? { leased[id]?.broadcast }

    func noteSend(broadcast: Int, at instant: Double, day: Int64) {
        broadcasts[broadcast].tally.noteSend(at: instant, day: day)
    }

    // MARK: Rules

    /// The first broadcast of a queue that may be read at `now`; the queue is in due order,
    /// so the look ends at the first one not due yet.
    private func firstLeasable(in queue: (order: [Int], start: Int), now: Int64) -> Int? {
        for id in queue.order[queue.start...] {
            if broadcasts[id].dueAt > now { return nil }
            if isLeasable(id, now: now) { return id }
        }
        return nil
    }

    /// Due, not exhausted, and no deeper list of its reach still due to be read.
    private func isLeasable(_ id: Int, now: Int64) -> Bool {
        guard !broadcasts[id].isExhausted, broadcasts[id].dueAt <= now else { return false }
        let reach = broadcasts[id].reach, rank = broadcasts[id].rank
        if reachUniformDue[reach] { return rank >= reachTop[reach] }
        return !reaches[reach].contains { other in
            other != id && broadcasts[other].rank > rank && !broadcasts[other].isExhausted && broadcasts[other].dueAt <= now
        }
    }

    /// A list was read to its end: its reach's deepest unread rank may now be a lower one.
    private func listEnded(_ id: Int) {
        let reach = broadcasts[id].reach
        guard broadcasts[id].rank >= reachTop[reach] else { return }
        reachTop[reach] = reaches[reach].lazy.filter { !self.broadcasts[$0].isExhausted }.map { self.broadcasts[$0].rank }.max() ?? .min
    }

    /// The outbox's cap rule (`Outbox.takeCap`): counts one send unless the
    /// day's or the week's count has reached its limit; a count from an
    /// earlier day or week starts again at 1.
    private func takeCap(table: Int, person: Int, limit: CapPolicy.Limit, policy: CapPolicy) -> Bool {
        if limit.perDay == 0 || limit.perWeek == 0 { return false }
        var count = capTables[table][person]
        let day = Int32(policy.day), week = Int32(policy.week)
        if let perDay = limit.perDay, count.day >= day, Int(count.dayCount) >= perDay { return false }
        if let perWeek = limit.perWeek, count.week >= week, Int(count.weekCount) >= perWeek { return false }
        count.dayCount = count.day >= day ? count.dayCount + 1 : 1
        count.day = max(count.day, day)
        count.weekCount = count.week >= week ? count.weekCount + 1 : 1
        count.week = max(count.week, week)
        capTables[table][person] = count
        return true
    }

    private func lease(broadcast id: Int, person: Int, attempt: Int, expires: Int64) -> Lease {
        let broadcast = broadcasts[id]
        let leaseID = nextLeaseID
        nextLeaseID += 1
        leased[leaseID] = Leased(broadcast: id, person: person, attempt: attempt)
        let key = broadcast.key
        return Lease(id: leaseID, broadcastID: Int64(id + 1),
                     key: DeliveryKey(campaign: key.campaign, message: key.message, occurrence: key.occurrence,
                                      region: key.region, channel: key.channel,
                                      recipient: standIns[broadcast.destination]?.number(person: person, region: key.region)
                                          ?? "\(key.region)#\(person)"),
                     destination: broadcast.destination, text: broadcast.text, attempt: attempt, expires: expires)
    }
}
