import Delivery
import Outbox
import Plan
import Schedule

/// The dispatch machine's pacing state: one rate limiter per destination (which
/// also counts its transfers in flight), and per campaign what sends need
/// (title, zone, quiet hours, caps, region names), and the outcomes not yet
/// written. Plain values, owned by `DispatchMachine` alone.
package struct DispatchPacing {
    private var limiters: [String: RateLimiter]
    private var campaigns: [String: CampaignFacts] = [:]
    private var adoptedVersion = 0
    private var warned: Set<String> = []
    /// Outcomes concluded and not yet written: they go into the next write transaction.
    private var unrecorded: [Outcome] = []

    package init(destinations: [String: Destination], now: Double) {
        limiters = destinations.mapValues { RateLimiter(limit: $0.rateLimit, now: now) }
    }

    /// A reload's gateways and endpoints: an unchanged one keeps its limiter, a
    /// changed one keeps its transfers in flight under the new limit, a removed
    /// one is forgotten once nothing of it is in flight.
    package mutating func reconfigure(_ destinations: [String: Destination], now: Double) {
        var next = limiters.filter { destinations[$0.key] == nil && $0.value.inFlight > 0 }
        for (name, destination) in destinations {
            if let limiter = limiters[name] {
                next[name] = limiter.limit == destination.rateLimit
                    ? limiter : limiter.reconfigured(to: destination.rateLimit, now: now)
            } else {
                next[name] = RateLimiter(limit: destination.rateLimit, now: now)
            }
        }
        limiters = next
    }

    package var hasUnrecorded: Bool { !unrecorded.isEmpty }

    package var inFlightTotal: Int { limiters.values.reduce(0) { $0 + $1.inFlight } }

    /// What a send needs of its campaign, computed once per loaded schedule.
    private struct CampaignFacts {
        var title: String
        var zone: ZoneClock
        var quiet: QuietHours
        var caps: [FrequencyCap]
        var regionNames: [String: String]
    }

    package mutating func adopt(_ snapshot: CampaignSnapshot) {
        guard snapshot.version != adoptedVersion else { return }
        adoptedVersion = snapshot.version
        campaigns = snapshot.campaigns.compactMapValues { campaign in
            let document = campaign.document
            guard let zone = ZoneClock(identifier: document.campaign.timeZone),
                  let quiet = QuietHours(campaign: document.campaign) else { return nil }
            return CampaignFacts(title: document.campaign.title, zone: zone, quiet: quiet, caps: document.campaign.caps,
                                 regionNames: Dictionary(document.regions.map { ($0.path.description, $0.displayName) },
                                                         uniquingKeysWith: { first, _ in first }))
        }
    }

    /// How many sends `destination` may start now (up to `cap`), and when to ask
    /// again if its rate limiter holds some back.
    package func budget(for destination: String, now: Double, cap: Int) -> (Int, Double?) {
        guard var limiter = limiters[destination] else { return (0, nil) }
        var budget = 0
        while budget < cap {
            switch limiter.decide(now: now) {
            case .send:
                limiter.started(now: now)
                budget += 1
            case .wait(let until):
                return (budget, until)
            case .waitForTransfer:
                return (budget, nil)
            }
        }
        return (budget, nil)
    }

    /// nil when `campaign` may send on `channel` at `instant`; else when it may again.
    package mutating func quietUntil(campaign: String, channel: Channel, at instant: Int64) -> Int64? {
        campaigns[campaign]?.quiet.resumeTime(for: channel, at: instant)
    }

    /// `campaign`'s frequency caps as they apply at `instant`; nil without caps.
    package func capPolicy(campaign: String, at instant: Int64) -> CapPolicy? {
        guard let facts = campaigns[campaign] else { return nil }
        return CapPolicy(caps: facts.caps, zone: facts.zone, at: instant)
    }

    package mutating func started(_ destination: String, now: Double) {
        limiters[destination]?.started(now: now)
    }

    package mutating func finished(_ completion: DispatchCompletion, now: Double) {
        limiters[completion.destination]?.finished(throttled: completion.throttled, startedAt: completion.startedAt, now: now)
        if let outcome = completion.outcome { unrecorded.append(outcome) }
    }

    /// An outcome reached without an attempt (a number no route line takes), for the next write.
    package mutating func conclude(_ outcome: Outcome) {
        unrecorded.append(outcome)
    }

    package mutating func takeUnrecorded() -> [Outcome] {
        defer { unrecorded.removeAll(keepingCapacity: true) }
        return unrecorded
    }

    /// Outcomes taken whose transaction failed (disk full): recorded with the
    /// next ones, in their order, so a send that happened is never forgotten.
    package mutating func putBack(_ outcomes: [Outcome]) {
        unrecorded.insert(contentsOf: outcomes, at: 0)
    }

    package func attempt(for lease: Lease, destination: Destination) -> DeliveryAttempt {
        let facts = campaigns[lease.key.campaign]
        return DeliveryAttempt(lease: lease, destination: destination,
                               campaignTitle: facts?.title ?? lease.key.campaign,
                               regionName: facts?.regionNames[lease.key.region] ?? lease.key.region,
                               utcOffset: facts?.zone.offset(at: lease.key.occurrence) ?? 0)
    }

    /// Each destination's allowed sends per second now: its tightest bucket,
    /// lowered while a throttle answer has it slowed down.
    package func currentRates(now: Double) -> [(name: String, perSecond: Double)] {
        limiters.map { name, limiter in
            let tightest = limiter.limit.buckets.map(\.perSecond).min() ?? 0
            return (name, tightest * limiter.rateFraction(at: now))
        }
    }

    /// A warning the first time `message` comes up, nil after.
    package mutating func warnOnce(_ message: String) -> LogLine? {
        warned.insert(message).inserted ? LogLine(level: .warning, message: message) : nil
    }
}

extension Destination {
    /// Gateways carry SMS; endpoints carry webhooks. Quiet hours are per channel.
    package var channel: Channel { kind == .gateway ? .sms : .webhook }
}
