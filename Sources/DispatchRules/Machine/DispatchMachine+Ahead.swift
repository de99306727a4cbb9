import Delivery
import Outbox
import Schedule

/// Leasing ahead (`DispatchSettings.leaseAhead`): a destination's leases
/// beyond what it may start now wait in `waiting`, as a route's do, and start
/// as its transfers end, also while the loop waits for the outbox. Without it,
/// every turn's outbox call (milliseconds of round trips to PostgreSQL, or on
/// SQLite a lease of dozens of one-number broadcasts) is time in which a fast
/// gateway has nothing to do: the turn records the ends and leases the next
/// batch, and only then can the batch start. The daemon leases ahead on both
/// outboxes; the rehearsal does not (its turns take no time).
///
/// What waits is bounded: at most `leaseAhead` and four times the
/// destination's concurrency, at most a hundredth of a second of its rate
/// (so its sends do not bunch past the rate shared with other instances),
/// nothing ahead when a campaign's quiet window begins within the next two
/// seconds (`routeLookahead`), and an attempt whose campaign
/// went quiet while it waited does not start (`startWaiting`). A waiting
/// lease is never sent twice: a crash or shutdown leaves it leased and unsent,
/// to be taken again when the lease lapses or is given back.
extension DispatchMachine {
    /// How many more leases `destination` may keep waiting.
    func aheadRoom(for destination: Destination) -> Int {
        let limit = Self.aheadLimit(concurrency: destination.concurrency,
                                    perSecond: destination.rateLimit.buckets.map(\.perSecond).min(),
                                    leaseAhead: settings.leaseAhead)
        return max(0, limit - (waiting[destination.name]?.count ?? 0))
    }

    /// How many leases a destination with this `concurrency` and rate (its
    /// slowest bucket's, per second) may keep waiting in all: what a SIGKILL
    /// may leave sent and not recorded beyond its `concurrency`.
    package static func aheadLimit(concurrency: Int, perSecond: Double?, leaseAhead: Int) -> Int {
        guard leaseAhead > 0 else { return 0 }
        // Bounded by its concurrency too: what a killed instance may have sent and not
        // recorded (and another then sends again) is what it had in flight and what waited.
        var room = min(leaseAhead, concurrency * aheadPerConcurrency)
        // A lease takes the gateway's shared tokens when it is taken, not when it starts:
        // what waits longer than a turn would bunch the gateway's sends past its rate.
        if let perSecond { room = min(room, Int(perSecond * aheadLookahead)) }
        return room
    }

    /// Leases waiting per transfer a destination may have in flight, at most. On the
    /// benchmark's PostgreSQL (`bench postgres`) one instance sends 0.37 of the SQLite
    /// outbox's deliveries a second at 1, 0.49 at 2, 0.70 at 4 (RESULTS.md).
    static let aheadPerConcurrency = 4
    /// Seconds of a destination's rate that may wait: about a turn on PostgreSQL, what
    /// the gateway would otherwise idle through. A gateway held by its rate has nothing
    /// to gain from more; one held by its concurrency (fast and busy) has a high rate.
    static let aheadLookahead = 0.01

    /// Whether `campaign` is quiet on `channel` at some instant of the lookahead after `instant`.
    mutating func quietSoon(campaign: String, channel: Channel, at instant: Int64) -> Bool {
        pacing.quietUntil(campaign: campaign, channel: channel, at: instant + Int64(Self.routeLookahead)) != nil
    }

    /// Queues the leases for `destination` and starts what it has room for.
    mutating func startAhead(_ leases: [Lease], destination: Destination, now: Double) -> [DispatchEffect] {
        guard !leases.isEmpty else { return [] }
        waiting[destination.name, default: []].append(contentsOf: leases.map { pacing.attempt(for: $0, destination: destination) })
        return startWaiting(now: now).effects
    }

    /// Transfers ended while an outbox call of a turn runs: start what waits in
    /// the room they left (not under the emergency stop, nor in shutdown, nor
    /// without leasing ahead, where the turn's own start is all there is).
    package mutating func startDuringCall(now: Double, emergencyStop: Bool) -> [DispatchEffect] {
        guard settings.leaseAhead > 0, !emergencyStop, case .turning(var turn) = phase else { return [] }
        let (effects, retryAt) = startWaiting(now: now)
        if let retryAt {
            turn.wake(at: retryAt)
            enter(.turning(turn))
        }
        return effects
    }
}
