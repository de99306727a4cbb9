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
/// no locks; each batch of leases goes to the transport in one hand-off, and each
/// transfer's end comes back through `DispatchCompletions`, which wakes the loop
/// once enough have finished; the loop reads the verdicts and records them. The
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
    private let outbox: any DispatchOutbox
    private let transport: HTTPTransport
    private let destinations: [String: Destination]
    private let clock: WallClock
    private let settings: Settings
    let wake: WakeSignal
    private let logger: Logger
    private let completions = DispatchCompletions()
    private let emergencyStop: EmergencyStop
    /// Ticked every turn of the loop: the watchdog's proof that it goes round.
    private let progress: ProgressMonitor?

    public init(registry: CampaignRegistry, outbox: any DispatchOutbox, transport: HTTPTransport,
                destinations: [String: Destination], clock: WallClock, settings: Settings,
                wake: WakeSignal, emergencyStop: EmergencyStop = EmergencyStop(), logger: Logger,
                progress: ProgressMonitor? = nil) {
        self.emergencyStop = emergencyStop
        self.progress = progress
        self.registry = registry
        self.outbox = outbox
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
        await withGracefulShutdownHandler {
            var ratesPublishedAt = -Double.infinity
            var trouble = OutboxTrouble()
            while !stopping.isSet && !Task.isCancelled {
                self.progress?.tick(.dispatcher)
                await self.settle(&state)
                let wakeAt: Double?
                do {
                    if self.clock.now - ratesPublishedAt >= 10 {
                        ratesPublishedAt = self.clock.now
                        try await self.publishRates(state)
                    }
                    wakeAt = try await self.startDue(&state)
                    try await self.recordUnrecorded(&state)
                    trouble.succeeded("dispatching", at: self.clock.now, logger: self.logger)
                } catch {
                    // Disk full, read-only, I/O: the transaction rolled back and the
                    // outcomes are kept in `state`; transfers in flight go on, and the
                    // next turn tries again, without a restart.
                    trouble.failed("dispatching", error: error, at: self.clock.now, logger: self.logger)
                    await self.wake.wait(until: self.clock.now + trouble.retryDelay, clock: self.clock)
                    continue
                }
                if wakeAt.map({ $0 <= self.clock.now }) ?? false { continue }
                await self.wake.wait(until: min(wakeAt ?? .infinity, self.clock.now + 1), clock: self.clock)
            }
            await self.stop(&state)
        } onGracefulShutdown: {
            stopping.set()
            self.wake.signal()
        }
    }

    /// Finishes the transfers in flight and gives back every lease. An outbox
    /// that cannot be written then is logged, not thrown: what was not recorded
    /// is still leased in the file and is sent again after the next start.
    private func stop(_ state: inout DispatchState) async {
        do {
            try await finishInFlight(&state)
            let owner = settings.owner
            let released = try await outbox.releaseLeases(owner: owner)
            logger.info("dispatcher stopped", metadata: ["released": "\(released)"])
        } catch {
            logger.error("dispatcher stopped without recording everything; the deliveries concerned are sent again after the next start",
                         metadata: ["error": "\(error)"])
        }
    }

    /// Waits up to the shutdown grace for the transfers in flight, then cancels
    /// the rest: their ends are not recorded, and their leases are released.
    private func finishInFlight(_ state: inout DispatchState) async throws {
        let deadline = clock.now + settings.shutdownGrace
        while state.inFlightTotal > 0 && clock.now < deadline {
            await wake.wait(until: deadline, clock: clock)
            await settle(&state)
            try await recordUnrecorded(&state)
        }
        guard state.inFlightTotal > 0 else { return }
        transport.cancel(state.runningTransfers)
        // Cancelled transfers report at once; the bound only guards against a transport that hangs.
        let cancelDeadline = clock.now + 2
        while state.inFlightTotal > 0 && clock.now < cancelDeadline {
            await wake.wait(until: cancelDeadline, clock: clock)
            await settle(&state, abandoning: true)
            try await recordUnrecorded(&state)
        }
    }

    /// What `broadcastctl status` shows as each destination's limit.
    private func publishRates(_ state: DispatchState) async throws {
        let now = clock.now
        let rates = state.currentRates(now: now).map { rate in
            DestinationRate(name: rate.name, channel: destinations[rate.name]?.channel.rawValue ?? "", perSecond: rate.perSecond)
        }
        try await outbox.publishRates(rates, now: Int64(now))
    }

    /// Reads the verdicts of what finished since the last turn. Their outcomes
    /// wait in `state` for the turn's first lease, which records them in its own
    /// transaction: one commit instead of two, and the pages both touch (the
    /// newest delivery rows, the broadcast's counters) are written once.
    /// `abandoning`: shutdown cancelled the transfers still running, so an end
    /// that is not a response records nothing.
    private func settle(_ state: inout DispatchState, abandoning: Bool = false) async {
        let ends = completions.drain()
        let refused = state.takeRefused()
        guard !ends.isEmpty || !refused.isEmpty else { return }
        let now = clock.now
        for end in ends {
            guard let running = state.ended(end.transfer) else { continue }
            let attempt = running.attempt
            if case .failure(let error) = end.result, error.tlsProblem != nil {
                // Once per distinct failure: curl's detail and the hint, which `status` leaves out.
                let destination = attempt.destination
                state.warnOnce("\(destination.kind.rawValue) '\(destination.name)': \(error)", logger: logger)
            }
            if abandoning, case .failure = end.result {
                state.finished(attempt.abandoned(startedAt: running.startedAt), now: now)
            } else {
                state.finished(await attempt.conclude(attempt.verdict(for: end.result, now: end.endedAt),
                                                      startedAt: running.startedAt, endedAt: end.endedAt), now: now)
            }
        }
        for refusal in refused {
            state.finished(await refusal.attempt.conclude(refusal.verdict, startedAt: refusal.startedAt, endedAt: now), now: now)
        }
    }

    /// Records the outcomes no lease has taken along, in a transaction of their own.
    private func recordUnrecorded(_ state: inout DispatchState) async throws {
        let outcomes = state.takeUnrecorded()
        guard !outcomes.isEmpty else { return }
        let owner = settings.owner
        do {
            noteRefused(try await outbox.record(outcomes, owner: owner))
        } catch {
            state.putBack(outcomes)
            throw error
        }
    }

    private func noteRefused(_ summary: RecordSummary?) {
        guard let summary, !summary.refused.isEmpty else { return }
        logger.notice("outcomes refused by the outbox (lease lost or delivery cancelled)",
                      metadata: ["count": "\(summary.refused.count)"])
    }

    /// Leases and starts what each destination may send now; returns when to look again.
    private func startDue(_ state: inout DispatchState) async throws -> Double? {
        // Under an emergency stop nothing is leased; outcomes are still recorded,
        // and the loop looks again within a second (or when SIGUSR2 wakes it).
        guard !emergencyStop.isEngaged else { return nil }
        let snapshot = await registry.snapshot()
        state.adopt(snapshot)
        let now = clock.now
        let seconds = Int64(now)
        var wakeAt: Double?
        let due = try await outbox.dueDestinations(now: seconds)
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
                let outcomes = state.takeUnrecorded()
                let taken: RecordAndLease
                do {
                    let request = LeaseRequest(now: seconds, limit: limit, owner: owner, leaseSeconds: leaseSeconds,
                                               destination: name, campaign: campaign, source: source, caps: caps)
                    taken = try await outbox.recordAndLease(outcomes, request)
                } catch {
                    // Rolled back: the outcomes wait for the next turn, and the leases
                    // of this turn already taken are started, not dropped.
                    state.putBack(outcomes)
                    start(leases, destination: destination, state: &state, now: now)
                    throw error
                }
                noteRefused(taken.recorded)
                let batch = taken.batch
                for problem in batch.heldProblems {
                    logger.error("broadcast held, tried again in \(HeldBroadcast.retrySeconds)s", metadata: ["problem": "\(problem)"])
                }
                leases += batch.leases
                // Skipped (capped, opted out) deliveries used up part of the batch: more may be due now.
                if batch.skipped > 0 { wakeAt = now }
            }
            start(leases, destination: destination, state: &state, now: now)
            // Only the batch cap can leave sends that may start at once; a budget cut by
            // the transfers in flight grows when they end, and those ends wake the loop.
            if leases.count == budget && budget == settings.batch { wakeAt = now }
        }
        if wakeAt.map({ $0 > now }) ?? true, let next = try await outbox.nextDueTime(), Double(next) > now {
            wakeAt = min(wakeAt ?? Double(next), Double(next))
        }
        return wakeAt
    }
}

extension DispatchService {
    /// Builds each lease's request and hands them all to the transport at once;
    /// their ends come back through `completions`, read by `settle`.
    private func start(_ leases: [Lease], destination: Destination, state: inout DispatchState, now: Double) {
        guard !leases.isEmpty else { return }
        var requests: [HTTPRequest] = []
        var attempts: [DeliveryAttempt] = []
        requests.reserveCapacity(leases.count)
        attempts.reserveCapacity(leases.count)
        for lease in leases {
            state.started(destination.name, now: now)
            let attempt = state.attempt(for: lease, destination: destination)
            switch attempt.request(now: now) {
            case .success(let request):
                requests.append(request)
                attempts.append(attempt)
            case .failure(let verdict):
                state.refused(attempt, verdict: verdict, startedAt: now)
                wake.signal()
            }
        }
        let name = destination.name
        let (completions, wake, clock) = (completions, wake, clock)
        completions.started(name, count: requests.count)
        let transfers = transport.start(requests, timeout: destination.timeout) { transfer, result in
            if completions.push(TransferEnd(transfer: transfer, result: result, endedAt: clock.now), destination: name) {
                wake.signal()
            }
        }
        for (transfer, attempt) in zip(transfers, attempts) {
            state.running(attempt, transfer: transfer, startedAt: now)
        }
    }
}

/// Set once by the graceful-shutdown handler, read by the loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
