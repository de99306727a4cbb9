import Delivery
import Outbox

/// Routes in the dispatch loop. A broadcast whose destination is a route is
/// leased for the route as a whole, as much as its gateways may start
/// together; the `Router` then picks each delivery's gateway, and the attempt
/// waits in `waiting` until that gateway's own rate and concurrency let it go.
/// A routed attempt that finds its gateway down or gets "not my number" is
/// not recorded: it goes back to `waiting` for the route's next gateway with
/// the same lease, so the same idempotency key and one copy per person, and
/// starts at the next turn (which the transfer's end brings at once) as soon
/// as that gateway has room, not after a retry backoff. Turns start nothing
/// under the emergency stop or once shutdown began, failovers included.
extension DispatchMachine {
    /// How many deliveries `route` may lease now: what each working gateway may
    /// start now, plus up to `lookahead` seconds of its rate waiting (leases go
    /// to gateways by number, not by who has room, so without a small queue a
    /// gateway's token finds nothing to send), less what already waits; and no
    /// more waiting in all than a batch.
    func routeBudget(_ route: String, now: Double) -> (Int, Double?) {
        let gateways = router.gateways(of: route)
        let up = gateways.filter { !router.isDown($0, now: now) }
        var total = 0
        var waitingTotal = 0
        var retryAt: Double?
        for gateway in up.isEmpty ? gateways : up {
            let (budget, at) = pacing.budget(for: gateway, now: now, cap: settings.batch)
            let perSecond = destinations[gateway]?.rateLimit.buckets.map(\.perSecond).min() ?? 0
            let queue = max(1, Int(min(perSecond * Self.routeLookahead, Double(settings.batch))))
            let queued = waiting[gateway]?.count ?? 0
            total += max(0, budget + queue - queued)
            waitingTotal += queued
            if let at { retryAt = min(retryAt ?? at, at) }
        }
        return (min(total, max(0, settings.batch - waitingTotal)), retryAt)
    }

    /// Seconds of a gateway's rate a route keeps leased ahead for it: short
    /// against the lease's 300 s, long enough that a token never finds it empty.
    static let routeLookahead = 2.0

    /// Gives each lease of `route` its gateway and starts what may start now.
    mutating func startRouted(_ leases: [Lease], route: String, now: Double) -> [DispatchEffect] {
        for lease in leases {
            guard let choice = router.choose(number: lease.recipient, route: route, now: now),
                  let destination = destinations[choice.gateway] else {
                pacing.conclude(Outcome(delivery: lease.id, result: .dead(reason: "route '\(route)' has no gateway for this number"),
                                        at: Int64(now)))
                continue
            }
            var attempt = pacing.attempt(for: lease, destination: destination)
            attempt.leg = RouteLeg(route: route, refusals: router.tables[route]?.refusals ?? [])
            waiting[choice.gateway, default: []].append(attempt)
        }
        return startWaiting(now: now).effects
    }

    /// Starts the waiting attempts each gateway has room for; returns when a
    /// rate limiter will let more go.
    mutating func startWaiting(now: Double) -> (effects: [DispatchEffect], retryAt: Double?) {
        var effects: [DispatchEffect] = []
        var retryAt: Double?
        let second = Int64(now.rounded(.down))
        for gateway in waiting.keys.sorted() {
            guard var queue = waiting[gateway], !queue.isEmpty, let destination = destinations[gateway] else { continue }
            // One whose campaign went quiet while it waited is not sent in the window: it is
            // dropped unsent, its lease lapses (`leaseSeconds`), and it is leased again after the
            // window. One whose transfer could outlast its lease (the process was stopped, the
            // clock jumped) is dropped too: another instance may have taken the delivery over.
            var quiet: [String: Bool] = [:]
            queue.removeAll { attempt in
                if Double(attempt.lease.expires) <= now + destination.timeoutSeconds { return true }
                let campaign = attempt.lease.key.campaign
                if let known = quiet[campaign] { return known }
                let isQuiet = pacing.quietUntil(campaign: campaign, channel: destination.channel, at: second) != nil
                quiet[campaign] = isQuiet
                return isQuiet
            }
            waiting[gateway] = queue
            let (budget, at) = pacing.budget(for: gateway, now: now, cap: queue.count)
            if let at { retryAt = min(retryAt ?? at, at) }
            guard budget > 0 else { continue }
            let starting = Array(queue.prefix(budget))
            waiting[gateway] = Array(queue.dropFirst(budget))
            for _ in starting { pacing.started(gateway, now: now) }
            effects.append(.start(starting.map { attempt in
                var attempt = attempt
                attempt.destination = destination
                return attempt
            }, destination: destination, at: now))
        }
        return (effects, retryAt)
    }

    /// A routed attempt ended: the gateway's circuit hears of it, and a failure
    /// of the gateway (down, 5xx, timeout) or a "not my number" moves the
    /// delivery to the route's next gateway. Returns the completion to settle
    /// (without its outcome when the delivery moved on) and what to log.
    mutating func routedEnd(_ completion: DispatchCompletion, now: Double) -> (DispatchCompletion, [DispatchEffect]) {
        guard let routed = completion.routed, let leg = routed.attempt.leg else { return (completion, []) }
        let gateway = completion.destination
        var effects: [DispatchEffect] = []
        let probed = router.circuits[gateway].map { if case .halfOpen = $0.state { true } else { false } } ?? false
        if router.report(routed.report, gateway: gateway, now: now) {
            effects.append(.log(LogLine(level: .warning, message: "'\(gateway)' is down; route '\(leg.route)' sends past it",
                                        metadata: ["gateway": gateway, "route": leg.route])))
        } else if probed, case .closed? = router.circuits[gateway]?.state {
            effects.append(.log(LogLine(level: .info, message: "'\(gateway)' answered its probe; route '\(leg.route)' sends through it again",
                                        metadata: ["gateway": gateway, "route": leg.route])))
        }
        let gatewayFailed = routed.report == .failed || routed.report == .refusedConnection
        guard gatewayFailed || routed.notMine, let outcome = completion.outcome, outcome.result.state != .delivered,
              outcome.result.state != .skipped else { return (completion, effects) }
        let tried = leg.tried + [gateway]
        guard let next = router.choose(number: routed.attempt.lease.recipient, route: leg.route, tried: tried, now: now),
              let destination = destinations[next.gateway] else { return (completion, effects) }
        var attempt = routed.attempt
        attempt.leg?.tried = tried
        attempt.destination = destination
        waiting[next.gateway, default: []].append(attempt)
        effects.append(.failover(route: leg.route, from: gateway, to: next.gateway))
        effects.append(.log(LogLine(level: .info, message: "failover from '\(gateway)' to '\(next.gateway)'",
                                    metadata: ["route": leg.route, "reason": outcome.result.reason ?? "",
                                               "delivery": routed.attempt.lease.key.description])))
        var settled = completion
        settled.outcome = nil
        return (settled, effects)
    }

    /// After a reload: routed attempts waiting for a gateway that is gone go to
    /// their route's gateway now, with the same lease; one whose route has none
    /// left is dropped here, and its lease expires and brings it back.
    mutating func rerouteStranded(now: Double) {
        for gateway in waiting.keys.sorted() where destinations[gateway] == nil {
            for attempt in waiting.removeValue(forKey: gateway) ?? [] {
                guard let route = attempt.leg?.route,
                      let choice = router.choose(number: attempt.lease.recipient, route: route, now: now),
                      destinations[choice.gateway] != nil else { continue }
                waiting[choice.gateway, default: []].append(attempt)
            }
        }
    }
}
