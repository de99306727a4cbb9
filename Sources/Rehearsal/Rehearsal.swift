import Foundation
import CivilDate
import DaemonConfig
import Delivery
import DispatchRules
import Loading
import Outbox
import Plan
import Schedule

/// A campaign sent in advance on a virtual clock, through the daemon's own
/// dispatch rules (`DispatchMachine`, quiet hours, caps, retry policy) against
/// a simulated outbox and gateways: when each broadcast really finishes, what
/// quiet hours and caps do to it, and what the gateways carry each day.
public struct Rehearsal: Sendable {
    public struct Options: Sendable {
        public var from: LocalDate?
        public var to: LocalDate?
        public var region: RegionSelector?
        /// Seconds each request takes to answer; 150 ms unless told.
        public var latency: Double
        /// The share of attempts that fail with a retryable error (0…1).
        public var failureShare: Double
        /// More sends than this and the rehearsal runs scaled down (see `scale`).
        public var maxSimulatedSends: Int
        /// Forces a scale factor; nil: the smallest that keeps within `maxSimulatedSends`.
        public var scale: Int?
        /// How long after the last occurrence the rehearsal follows unfinished broadcasts.
        public var horizonDays: Int
        /// Real time the rehearsal may take; nil: as long as it needs. Past it the
        /// result is partial and `outOfTime` says so.
        public var budget: Duration?
        /// Use every region's `people N` estimate, even where its list can be read:
        /// the campaign at the real scale before the real lists exist. Without it,
        /// estimates stand in only for lists that cannot be read.
        public var useEstimates: Bool
        /// The outbox's opt-out table (E.164 numbers), when the state is readable:
        /// skipped at lease like the campaign's `optout` file.
        public var outboxOptOuts: Set<String> = []
        /// Per destination, the median latency the outbox measured for it; `latency`
        /// stands for those without one (and for all when the planner sets it).
        public var measuredLatency: [String: Double] = [:]
        /// Skips the daemon's idle looks that would find nothing to do (`RehearsalRun`);
        /// false turns at every one, for the test that shows the skip changes nothing.
        package var skipsIdleLooks = true

        /// Seconds a request to `destination` takes to answer, as the rehearsal assumes it.
        public func latency(of destination: String) -> Double { measuredLatency[destination] ?? latency }

        public static let defaultLatency = 0.150

        public init(from: LocalDate? = nil, to: LocalDate? = nil, region: RegionSelector? = nil,
                    latency: Double = defaultLatency, failureShare: Double = 0, maxSimulatedSends: Int = 100_000,
                    scale: Int? = nil, horizonDays: Int = 31, useEstimates: Bool = false) {
            self.from = from
            self.to = to
            self.region = region
            self.latency = latency
            self.failureShare = failureShare
            self.maxSimulatedSends = maxSimulatedSends
            self.scale = scale
            self.horizonDays = horizonDays
            self.useEstimates = useEstimates
            self.budget = nil
        }
    }

    public var rows: [RehearsalRow]
    public var days: [RehearsalDay]
    /// Every region of the rehearsed campaigns, parents before children: people and what was sent.
    public var regions: [RehearsalRegion] = []
    /// 1 when every person was simulated; k when people, rates and latency were divided
    /// (people/k, rates/k, latency×k), which keeps every rate- or concurrency-bound time.
    public var scale: Int
    /// False when broadcasts were still sending at the horizon.
    public var finished: Bool
    /// Stopped at `options.budget`: the rows and warnings are partial.
    public var outOfTime: Bool
    public var options: Options

    /// Rehearses `campaigns` sending through `destinations` (the config's gateways and endpoints)
    /// and `routes` (which the daemon's router spreads over their gateways).
    public static func run(_ campaigns: [LoadedCampaign], destinations: [String: Destination],
                           routes: [RouteConfiguration] = [], options: Options = Options()) -> Rehearsal {
        var scenario = RehearsalScenario(campaigns: campaigns, options: options)
        let scale = options.scale ?? max(1, Int((Double(scenario.totalSMSPeople) / Double(max(1, options.maxSimulatedSends))).rounded(.up)))
        let outbox = scenario.makeOutbox(scale: scale)
        let scaled = destinations.mapValues { $0.scaled(by: scale) }
        for route in routes {
            outbox.standIns[route.name] = StandInNumbers(route: route) { gateway in
                destinations[gateway]?.capacity(latency: options.latency(of: gateway))
            }
        }
        let snapshot = CampaignSnapshot(version: 1, campaigns: Dictionary(campaigns.map { ($0.name, $0) }) { first, _ in first },
                                        files: [])
        let start = Double((scenario.firstDue ?? 0) - 60)
        var run = RehearsalRun(outbox: outbox, destinations: scaled, routes: routes, snapshot: snapshot,
                               transport: RehearsalTransport(latency: options.latency, measured: options.measuredLatency,
                                                             scale: scale, failureShare: options.failureShare),
                               start: start, skipsIdleLooks: options.skipsIdleLooks)
        run.run(until: Double((scenario.lastDue ?? 0) + Int64(options.horizonDays) * 86_400), budget: options.budget)
        let rows = scenario.rows(from: outbox, scale: scale) { name in
            capacity(of: name, destinations: destinations, routes: routes, options: options)
        }
        let days = RehearsalDay.days(sendsPerDay: run.sendsPerDay, busyHours: run.busyHoursPerDay, scale: scale, destinations: destinations,
                                     campaigns: campaigns, options: options)
        var rehearsal = Rehearsal(rows: rows, days: days, scale: scale, finished: run.finished, outOfTime: run.outOfTime,
                                  options: options)
        rehearsal.regions = scenario.regions(from: outbox, scale: scale)
        return rehearsal
    }

    /// Sends per second `name` can carry: a gateway's or endpoint's capacity, or
    /// a route's gateways' together (reached when its numbers spread over them
    /// as their capacities do; a route whose numbers are mostly one carrier's
    /// gets that carrier's gateway's). nil when the config has no such name.
    public static func capacity(of name: String, destinations: [String: Destination], routes: [RouteConfiguration],
                                options: Options) -> Double? {
        if let destination = destinations[name] { return destination.capacity(latency: options.latency(of: name)) }
        guard let route = routes.first(where: { $0.name == name }) else { return nil }
        return route.gateways.compactMap { gateway in destinations[gateway]?.capacity(latency: options.latency(of: gateway)) }
            .reduce(0, +)
    }

    /// What a planner must see, each naming the message, the figures and the fix.
    public var warnings: [RehearsalWarning] { RehearsalWarning.warnings(for: self) }

    /// A length of time as the reports write it: `2d3h`, `1h05m`, `2m30s`, `45s`.
    public static func durationText(_ seconds: Int64) -> String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h" + (minutes > 0 ? String(format: "%02dm", minutes) : "") }
        if minutes > 0 { return "\(minutes)m" + (rest > 0 ? String(format: "%02ds", rest) : "") }
        return "\(rest)s"
    }
}

extension Destination {
    /// This destination with rates divided by `scale` (bursts too, at least 1);
    /// concurrency stays, and the rehearsal multiplies latency by `scale`.
    func scaled(by scale: Int) -> Destination {
        guard scale > 1 else { return self }
        var copy = self
        let factor = Double(scale)
        copy.rateLimit = RateLimit(rateLimit.buckets.map { .init(perSecond: $0.perSecond / factor, burst: max(1, $0.burst / scale)) },
                                   concurrency: rateLimit.concurrency)
        return copy
    }

    /// Sends per second it can carry: its tightest bucket, or its concurrency over the latency.
    func capacity(latency: Double) -> Double {
        let byRate = rateLimit.buckets.map(\.perSecond).min() ?? .infinity
        let byConcurrency = rateLimit.concurrency.map { Double($0) / max(latency, 0.001) } ?? .infinity
        return min(byRate, byConcurrency)
    }
}
