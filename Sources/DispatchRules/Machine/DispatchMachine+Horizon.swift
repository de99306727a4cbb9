import Delivery
import Outbox
import Schedule

/// Leasing before the due time (`DispatchSettings.leaseHorizon`). A burst of
/// thousands of broadcasts due in the same second used to be leased only once
/// due: every list read, claim and row of the lease stood between the due
/// time and the send, and the last sends of the burst waited for all of it.
/// With a horizon the turns of the second before lease what falls due within
/// it, the machine holds each lease in `held` until its `Lease.due`, and the
/// turn that wakes at that instant starts it, within the gateway's rate and
/// concurrency like any other send.
///
/// What holds for a held lease:
/// - It never starts before its due time, nor under the emergency stop, nor
///   once shutdown began (the shutdown gives it back with every other lease).
/// - Nothing is leased ahead into a quiet window that begins within the
///   lookahead (`quietSoon`), nor across a cap period (the caps count at the
///   lease); one whose campaign is quiet when it falls due is dropped unsent
///   and its lease lapses, as for `waiting`.
/// - One whose transfer could outlast its lease is dropped unsent.
/// - A pause or cancel written while it is held is not seen: the horizon is
///   how much earlier than due a control must be written to stop a send (keep
///   it at a second, what the look between turns already allows).
/// - It starts only when every outcome settled so far is recorded (unless
///   leases wait anyway, `leaseAhead`), so what a SIGKILL can leave sent and
///   unrecorded stays what is in flight: at most the gateway's concurrency. A
///   held lease is unsent: after a crash it is released or taken over and sent once.
/// - At most `heldLimit` wait in all (and a batch more), a batch leased a turn.
///
/// Only a gateway or endpoint leased for itself leases ahead; a route's
/// gateways are chosen after the lease and keep their own small queue.
///
/// The daemon leaves it off: measured on 2026-12-05 (`bench on-time`,
/// RESULTS.md) it did not lower the p99 and cost CPU; `startHeld` walks the
/// whole held queue each time, the first thing to change before measuring again.
extension DispatchMachine {
    /// How many more leases may be held. A turn's lease may exceed it by what
    /// is due beyond the destination's room, a batch at most.
    func horizonRoom() -> Int {
        guard settings.leaseHorizon > 0 else { return 0 }
        let held = held.values.reduce(0) { $0 + $1.count }
        return max(0, min(settings.batch, settings.heldLimit - held))
    }

    /// Whether `campaign` may lease ahead at `second`: not quiet soon, and its
    /// caps count the same at the lease as at the end of the horizon.
    mutating func mayLeaseAhead(campaign: String, channel: Channel, at second: Int64) -> Bool {
        !quietSoon(campaign: campaign, channel: channel, at: second)
            && pacing.capPolicy(campaign: campaign, at: second) == pacing.capPolicy(campaign: campaign, at: second + settings.leaseHorizon)
    }

    /// Whether `destination` holds a lease due at `now` (its oldest): a lease
    /// taken now would only queue behind it.
    func holdsDue(_ destination: String, now: Double) -> Bool {
        guard settings.leaseAhead == 0, let oldest = held[destination]?.first else { return false }
        return Double(oldest.lease.due) <= now
    }

    /// While held leases are due and wait only for the outcomes settled to be
    /// recorded, a turn records them and then starts the held (`endTurn`),
    /// without asking what is due or leasing: one outbox call per round of
    /// sends while a burst drains, instead of three. Other destinations' new
    /// work is looked at once the held leases due have all started.
    mutating func recordForHeld(_ turn: Turn, effects: [DispatchEffect]) -> DispatchStep? {
        guard pacing.hasUnrecorded, turn.now - ratesPublishedAt < Self.ratesInterval,
              held.keys.contains(where: { holdsDue($0, now: turn.now) }) else { return nil }
        riding = pacing.takeUnrecorded()
        enter(.turning(turn))
        return DispatchStep(effects: effects, next: .record(riding, owner: settings.owner))
    }

    /// Queues what a turn leased for `destination` behind what it holds;
    /// `startHeld` then starts, oldest first, what is due and has room.
    mutating func hold(_ leases: [Lease], destination: Destination) {
        guard !leases.isEmpty else { return }
        held[destination.name, default: []].append(contentsOf: leases.map { pacing.attempt(for: $0, destination: destination) })
    }

    /// Starts the held leases that are due, as many as each destination has
    /// room for, when nothing forbids it; returns when to look again (a rate
    /// token, the next held lease's due time).
    mutating func startHeld(now: Double, emergencyStop: Bool) -> (effects: [DispatchEffect], wakeAt: Double?) {
        guard !held.isEmpty, !emergencyStop, settings.leaseAhead > 0 || !pacing.hasUnrecorded else {
            return ([], nextHeldDue(after: now))
        }
        var effects: [DispatchEffect] = []
        var wakeAt: Double?
        let second = Int64(now.rounded(.down))
        for name in held.keys.sorted() {
            guard let destination = destinations[name] else {
                // Reloaded away: its leases lapse and come back, as a route's stranded ones do.
                held[name] = nil
                continue
            }
            var quiet: [String: Bool] = [:]
            var queue = held[name] ?? []
            queue.removeAll { attempt in
                if Double(attempt.lease.expires) <= now + destination.timeoutSeconds { return true }
                guard Double(attempt.lease.due) <= now else { return false }
                let campaign = attempt.lease.key.campaign
                if let known = quiet[campaign] { return known }
                let isQuiet = pacing.quietUntil(campaign: campaign, channel: destination.channel, at: second) != nil
                quiet[campaign] = isQuiet
                return isQuiet
            }
            let due = queue.indices.filter { Double(queue[$0].lease.due) <= now }
            let (budget, retryAt) = pacing.budget(for: name, now: now, cap: due.count)
            if let retryAt { wakeAt = min(wakeAt ?? retryAt, retryAt) }
            let starting = due.prefix(budget)
            if !starting.isEmpty {
                for _ in starting { pacing.started(name, now: now) }
                effects.append(.start(starting.map { queue[$0] }, destination: destination, at: now))
                let gone = Set(starting)
                queue = queue.indices.filter { !gone.contains($0) }.map { queue[$0] }
            }
            held[name] = queue.isEmpty ? nil : queue
        }
        if let next = nextHeldDue(after: now) { wakeAt = min(wakeAt ?? next, next) }
        return (effects, wakeAt)
    }

    /// The earliest due time of a held lease not due at `now`. One due and
    /// held back for room is started after its destination's transfer ends
    /// or rate token, which wake the loop themselves.
    func nextHeldDue(after now: Double) -> Double? {
        held.values.lazy.flatMap { $0 }.map { Double($0.lease.due) }.filter { $0 > now }.min()
    }
}
