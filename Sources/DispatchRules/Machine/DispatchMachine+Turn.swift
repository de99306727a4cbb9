import Delivery
import Outbox
import Schedule

extension DispatchMachine {
    /// Where a turn is: the destinations due, the one being leased for, and
    /// when to look again.
    package struct Turn {
        var now: Double
        var seconds: Int64
        var emergencyStop: Bool
        /// The running campaigns, in name order, and each one's country for reading its lists.
        var campaigns: [String] = []
        var countries: [String: CallingCode] = [:]
        var due: [String] = []
        var dueIndex = 0
        /// The destination being leased for, its budget this turn, the next campaign to ask.
        var destination: Destination?
        /// The route being leased for, when the destination due is one (`destination` is then its first gateway).
        var route: String?
        var budget = 0
        /// The part of `budget` leased ahead to wait (`DispatchSettings.leaseAhead`).
        var ahead = 0
        var campaignIndex = 0
        var leases: [Lease] = []
        /// The earliest reason to look again; nil: only in a second.
        var wakeAt: Double?

        mutating func wake(at instant: Double) {
            wakeAt = min(wakeAt ?? instant, instant)
        }
    }

    /// A turn begins at `now` with the running schedule. Under an emergency
    /// stop nothing is leased; outcomes are still recorded, and the loop looks
    /// again within a second (or when SIGUSR2 wakes it).
    package mutating func turn(now: Double, snapshot: CampaignSnapshot, emergencyStop: Bool) -> DispatchStep {
        guard case .idle = phase else { preconditionFailure("a turn began during another or after shutdown: \(phase)") }
        var turn = Turn(now: now, seconds: Int64(now.rounded(.down)), emergencyStop: emergencyStop)
        if !emergencyStop {
            pacing.adopt(snapshot)
            turn.campaigns = snapshot.campaigns.keys.sorted()
            turn.countries = snapshot.campaigns.mapValues { $0.document.campaign.country }
        }
        if now - ratesPublishedAt >= Self.ratesInterval {
            ratesPublishedAt = now
            enter(.turning(turn))
            let rates = pacing.currentRates(now: now).map { rate in
                DestinationRate(name: rate.name, channel: destinations[rate.name]?.channel.rawValue ?? "", perSecond: rate.perSecond)
            }
            return DispatchStep(effects: [.tickProgress], next: .publishRates(rates, now: Int64(now)))
        }
        var step = afterRates(turn)
        step.effects.insert(.tickProgress, at: 0)
        return step
    }

    package mutating func afterRates(_ turn: Turn) -> DispatchStep {
        guard !turn.emergencyStop else { return recordRest(turn, effects: [], now: turn.now) }
        enter(.turning(turn))
        return DispatchStep(next: .queryDue(now: turn.seconds))
    }

    /// Leases for each due destination what it may send now, campaign by
    /// campaign, until an outbox call is needed or every destination is done.
    package mutating func lease(_ turn: consuming Turn, effects: [DispatchEffect]) -> DispatchStep {
        var effects = effects
        while true {
            if turn.destination == nil {
                guard turn.dueIndex < turn.due.count else { return afterLeasing(turn, effects: effects) }
                let name = turn.due[turn.dueIndex]
                turn.dueIndex += 1
                if router.isRoute(name) {
                    let (budget, retryAt) = routeBudget(name, now: turn.now)
                    if let retryAt { turn.wake(at: retryAt) }
                    guard budget > 0, let first = router.gateways(of: name).first.flatMap({ destinations[$0] }) else { continue }
                    (turn.destination, turn.route, turn.budget, turn.campaignIndex, turn.leases) = (first, name, budget, 0, [])
                    continue
                }
                guard let destination = destinations[name] else {
                    if let line = pacing.warnOnce("no gateway or endpoint named '\(name)' in the config; its deliveries wait") {
                        effects.append(.log(line))
                    }
                    continue
                }
                let (budget, retryAt) = pacing.budget(for: name, now: turn.now, cap: settings.batch)
                if let retryAt { turn.wake(at: retryAt) }
                let ahead = min(aheadRoom(for: destination), settings.batch - budget)
                guard budget + ahead > 0 else { continue }
                (turn.destination, turn.route, turn.budget, turn.campaignIndex, turn.leases) = (destination, nil, budget + ahead, 0, [])
                turn.ahead = ahead
            }
            guard let destination = turn.destination else { continue }
            while turn.campaignIndex < turn.campaigns.count && turn.leases.count < turn.budget {
                let campaign = turn.campaigns[turn.campaignIndex]
                turn.campaignIndex += 1
                let channel = destination.channel.rawValue
                if let resume = pacing.quietUntil(campaign: campaign, channel: destination.channel, at: turn.seconds) {
                    turn.wake(at: Double(resume))
                    if let line = quietLog.hold(campaign: campaign, channel: channel, until: resume) { effects.append(.log(line)) }
                    continue
                }
                if let line = quietLog.release(campaign: campaign, channel: channel) { effects.append(.log(line)) }
                // Nothing waits into a quiet window about to begin: only what may start now is leased.
                let ahead = turn.ahead > 0 && quietSoon(campaign: campaign, channel: destination.channel, at: turn.seconds)
                let limit = turn.budget - turn.leases.count - (ahead ? turn.ahead : 0)
                guard limit > 0 else { continue }
                riding = pacing.takeUnrecorded()
                let request = LeaseRequest(
                    now: turn.seconds, limit: limit, owner: settings.owner,
                    leaseSeconds: settings.leaseSeconds, destination: turn.route ?? destination.name, campaign: campaign,
                    source: RecipientFileSource(country: turn.countries[campaign] ?? .china),
                    caps: pacing.capPolicy(campaign: campaign, at: turn.seconds),
                    // A route's gateway is chosen after the lease: only a gateway leased for itself shares its rate.
                    sharedRate: turn.route == nil ? destination.rateLimit.buckets.map {
                        SharedRateBucket(perSecond: $0.perSecond, burst: $0.burst)
                    } : [])
                enter(.turning(turn))
                return DispatchStep(effects: effects, next: .recordAndLease(riding, request))
            }
            effects += startLeased(turn)
            // Only the batch cap can leave sends that may start at once; a budget cut by
            // the transfers in flight grows when they end, and those ends wake the loop.
            if turn.leases.count == turn.budget && turn.budget == settings.batch { turn.wake(at: turn.now) }
            turn.destination = nil
            turn.route = nil
            turn.ahead = 0
            turn.leases = []
        }
    }

    /// Starts what the turn leased: through the route's gateways, or its destination.
    mutating func startLeased(_ turn: borrowing Turn) -> [DispatchEffect] {
        if let route = turn.route { return startRouted(turn.leases, route: route, now: turn.now) }
        guard let destination = turn.destination else { return [] }
        guard settings.leaseAhead > 0 else { return start(turn.leases, destination: destination, now: turn.now) }
        return startAhead(turn.leases, destination: destination, now: turn.now)
    }

    /// Counts `leases` as in flight and asks for them to be started.
    package mutating func start(_ leases: [Lease], destination: Destination, now: Double) -> [DispatchEffect] {
        guard !leases.isEmpty else { return [] }
        for _ in leases { pacing.started(destination.name, now: now) }
        let attempts = leases.map { pacing.attempt(for: $0, destination: destination) }
        return [.start(attempts, destination: destination, at: now)]
    }

    /// Asks when work is due next, unless something already wants a turn now.
    private mutating func afterLeasing(_ turn: Turn, effects: [DispatchEffect]) -> DispatchStep {
        if turn.wakeAt.map({ $0 > turn.now }) ?? true {
            enter(.turning(turn))
            return DispatchStep(effects: effects, next: .queryNextDue)
        }
        return recordRest(turn, effects: effects, now: turn.now)
    }

    /// Records the outcomes no lease has taken along, in a unit of work of their own.
    package mutating func recordRest(_ turn: Turn, effects: [DispatchEffect], now: Double) -> DispatchStep {
        guard pacing.hasUnrecorded else { return endTurn(turn, effects: effects, now: now) }
        riding = pacing.takeUnrecorded()
        enter(.turning(turn))
        return DispatchStep(effects: effects, next: .record(riding, owner: settings.owner))
    }

    /// The turn went through: sleep until the earliest reason to look again, at most a second.
    package mutating func endTurn(_ turn: Turn, effects: [DispatchEffect], now: Double) -> DispatchStep {
        var effects = effects
        if let line = trouble.succeeded("dispatching", at: now) { effects.append(.log(line)) }
        enter(.idle)
        ownWakeAt = turn.wakeAt
        if let wakeAt = turn.wakeAt, wakeAt <= now { return DispatchStep(effects: effects, next: .newTurn) }
        return DispatchStep(effects: effects, next: .sleep(until: min(turn.wakeAt ?? .infinity, now + Self.idleLook)))
    }
}
