import Delivery
import Foundation
import Logging
import Outbox
import Plan
import Schedule
import ServiceLifecycle

/// Feeds due deliveries from the outbox to the gateways and endpoints, never
/// faster than each one's rate limit, never more in flight than its cap, never in
/// a campaign's quiet hours; records every outcome back in batches.
///
/// One loop owns all pacing state (rate limiters, in-flight counts), so it needs
/// no locks; each transfer runs in its own child task and reports back through
/// `DispatchCompletions`, which wakes the loop once enough have finished. The
/// loop sleeps until the earliest of: the next due delivery, a rate limiter's
/// next token, a quiet window's end, enough completions, new work from the
/// scheduler, or one second, so that `broadcastctl pause`/`cancel`/`retry`
/// written to the outbox take effect within a second.
public final class DispatchService: Service {
    public struct Settings: Sendable {
        public var owner: String
        public var leaseSeconds: Int64 = 300
        public var shutdownGrace: Double = 10
        /// Leases taken per destination per turn of the loop, at most.
        public var batch = 256

        public init(owner: String, shutdownGrace: Double = 10) {
            self.owner = owner
            self.shutdownGrace = shutdownGrace
        }
    }

    private let registry: CampaignRegistry
    private let store: OutboxStore
    private let transport: HTTPTransport
    private let destinations: [String: Destination]
    private let clock: WallClock
    private let settings: Settings
    let wake: WakeSignal
    private let logger: Logger
    private let completions = DispatchCompletions()

    public init(registry: CampaignRegistry, store: OutboxStore, transport: HTTPTransport,
                destinations: [String: Destination], clock: WallClock, settings: Settings,
                wake: WakeSignal, logger: Logger) {
        self.registry = registry
        self.store = store
        self.transport = transport
        self.destinations = destinations
        self.clock = clock
        self.settings = settings
        self.wake = wake
        self.logger = logger
    }

    public func run() async throws {
        await registry.subscribe(wake)
        let stopping = StopFlag()
        var state = DispatchState(destinations: destinations, now: clock.now)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                var ratesPublishedAt = -Double.infinity
                while !stopping.isSet && !Task.isCancelled {
                    try await self.settle(&state)
                    if self.clock.now - ratesPublishedAt >= 10 {
                        ratesPublishedAt = self.clock.now
                        try await self.publishRates(state)
                    }
                    let wakeAt = try await self.startDue(&state, group: &group)
                    if wakeAt.map({ $0 <= self.clock.now }) ?? false { continue }
                    await self.wake.wait(until: min(wakeAt ?? .infinity, self.clock.now + 1), clock: self.clock)
                }
                let deadline = self.clock.now + self.settings.shutdownGrace
                while state.inFlightTotal > 0 && self.clock.now < deadline {
                    await self.wake.wait(until: deadline, clock: self.clock)
                    try await self.settle(&state)
                }
                group.cancelAll()
            }
            try await self.settle(&state)
            let owner = self.settings.owner
            let released = try await self.store.perform { try $0.releaseLeases(owner: owner) }
            self.logger.info("dispatcher stopped", metadata: ["released": "\(released)"])
        } onGracefulShutdown: {
            stopping.set()
            self.wake.signal()
        }
    }

    /// What `broadcastctl status` shows as each destination's limit.
    private func publishRates(_ state: DispatchState) async throws {
        let now = clock.now
        let rates = state.currentRates(now: now).map { rate in
            (rate.name, destinations[rate.name]?.channel.rawValue ?? "", rate.perSecond)
        }
        try await store.perform { outbox in
            try outbox.database.transaction {
                for (name, channel, perSecond) in rates {
                    try outbox.updateDestination(name: name, channel: channel, ratePerSecond: perSecond, errorRate: nil,
                                                 now: Int64(now))
                }
            }
        }
    }

    /// Records what finished since the last turn, in one transaction.
    private func settle(_ state: inout DispatchState) async throws {
        let finished = completions.drain()
        guard !finished.isEmpty else { return }
        let now = clock.now
        var outcomes: [Outcome] = []
        for completion in finished {
            state.finished(completion, now: now)
            if let outcome = completion.outcome { outcomes.append(outcome) }
        }
        guard !outcomes.isEmpty else { return }
        let owner = settings.owner
        let summary = try await store.perform { try $0.record(outcomes, owner: owner) }
        if !summary.refused.isEmpty {
            logger.notice("outcomes refused by the outbox (lease lost or delivery cancelled)",
                          metadata: ["count": "\(summary.refused.count)"])
        }
    }

    /// Leases and starts what each destination may send now; returns when to look again.
    private func startDue(_ state: inout DispatchState, group: inout ThrowingDiscardingTaskGroup<any Error>) async throws -> Double? {
        let snapshot = await registry.snapshot()
        state.adopt(snapshot)
        let now = clock.now
        let seconds = Int64(now)
        var wakeAt: Double?
        let due = try await store.perform { try $0.dueDestinations(now: seconds) }
        for name in due {
            guard let destination = destinations[name] else {
                state.warnOnce("no gateway or endpoint named '\(name)' in the config; its deliveries wait", logger: logger)
                continue
            }
            let (budget, retryAt) = state.budget(for: name, now: now, cap: settings.batch)
            if let retryAt { wakeAt = min(wakeAt ?? retryAt, retryAt) }
            guard budget > 0 else { continue }
            var leases: [Lease] = []
            for campaign in snapshot.campaigns.keys.sorted() where leases.count < budget {
                if let resume = state.quietUntil(campaign: campaign, channel: destination.channel, at: seconds) {
                    wakeAt = min(wakeAt ?? Double(resume), Double(resume))
                    continue
                }
                let limit = budget - leases.count
                let owner = settings.owner
                let leaseSeconds = settings.leaseSeconds
                let source = RecipientFileSource(country: snapshot.campaigns[campaign]?.document.campaign.country ?? .china)
                let caps = state.capPolicy(campaign: campaign, at: seconds)
                let batch = try await store.perform {
                    try $0.leaseBatch(now: seconds, limit: limit, owner: owner, leaseSeconds: leaseSeconds,
                                      destination: name, campaign: campaign, source: source, caps: caps)
                }
                leases += batch.leases
                // Skipped (capped, opted out) deliveries used up part of the batch: more may be due now.
                if batch.skipped > 0 { wakeAt = now }
            }
            for lease in leases {
                state.started(name, now: now)
                completions.started(name)
                let attempt = state.attempt(for: lease, destination: destination)
                let transport = transport
                let clock = clock
                let completions = completions
                let wake = wake
                group.addTask {
                    if completions.push(await attempt.run(transport: transport, clock: clock)) { wake.signal() }
                }
            }
            if leases.count == budget { wakeAt = now }
        }
        if let next = try await store.perform({ try $0.nextDueTime() }), Double(next) > now {
            wakeAt = min(wakeAt ?? Double(next), Double(next))
        }
        return wakeAt
    }
}

/// Set once by the graceful-shutdown handler, read by the loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
