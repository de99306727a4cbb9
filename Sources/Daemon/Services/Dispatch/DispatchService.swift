import DaemonConfig
import DispatchRules
import Delivery
import Foundation
import Logging
import Outbox
import ServiceLifecycle

/// Feeds due deliveries from the outbox to the gateways and endpoints, never
/// faster than each one's rate limit, never more in flight than its cap, never in
/// a campaign's quiet hours; records every outcome back in batches.
///
/// The rules live in `DispatchMachine`, a pure state machine; this service only
/// carries out its steps: outbox calls (all in `ask`), starting and cancelling
/// transfers (`DispatchTransfers`), sleeping on the wake signal and the
/// injected clock, logging. Each result goes back to the machine as an event.
public final class DispatchService: Service {
    public typealias Settings = DispatchSettings

    private let registry: CampaignRegistry
    private let outbox: any DispatchOutbox
    private let transport: HTTPTransport
    private let destinations: [String: Destination]
    private let routes: [RouteConfiguration]
    private let clock: any WallTimeClock
    private let settings: Settings
    let wake: WakeSignal
    private let logger: Logger
    private let emergencyStop: EmergencyStop
    /// Ticked every turn of the loop: the watchdog's proof that it goes round.
    private let progress: ProgressMonitor?
    /// Outcomes, durations, in-flight counts and rates, as they happen.
    private let metrics: DaemonMetrics?

    public init(registry: CampaignRegistry, outbox: any DispatchOutbox, transport: HTTPTransport,
                destinations: [String: Destination], routes: [RouteConfiguration] = [], clock: any WallTimeClock, settings: Settings,
                wake: WakeSignal, emergencyStop: EmergencyStop = EmergencyStop(), logger: Logger,
                progress: ProgressMonitor? = nil, metrics: DaemonMetrics? = nil) {
        self.metrics = metrics
        self.emergencyStop = emergencyStop
        self.progress = progress
        self.registry = registry
        self.outbox = outbox
        self.transport = transport
        self.destinations = destinations
        self.routes = routes
        self.clock = clock
        self.settings = settings
        self.wake = wake
        self.logger = logger
    }

    private var now: Double { clock.now.timeIntervalSince1970 }

    public func run() async throws {
        await registry.subscribe(wake)
        metrics?.configuredRates(destinations.values)
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            var machine = DispatchMachine(destinations: self.destinations, routes: self.routes, settings: self.settings,
                                          now: self.now)
            var transfers = DispatchTransfers(transport: self.transport, clock: self.clock, wake: self.wake)
            var step = DispatchStep(next: .newTurn)
            var destinationsVersion = 0
            var outboxUp = OutboxUpGauge(metrics: self.metrics)
            while true {
                self.carryOut(step.effects, transfers: &transfers)
                switch step.next {
                case .stopped:
                    return
                case .newTurn:
                    await self.settle(&machine, transfers: &transfers)
                    if stopping.isSet || Task.isCancelled {
                        step = machine.shutdownRequested(now: self.now)
                    } else {
                        let (snapshot, reloaded) = await self.registry.snapshot(destinationsNewerThan: destinationsVersion)
                        if let reloaded {
                            destinationsVersion = reloaded.version
                            machine.reconfigure(destinations: reloaded.destinations, routes: reloaded.routes, now: self.now)
                            self.metrics?.configuredRates(reloaded.destinations.values)
                        }
                        step = machine.turn(now: self.now, snapshot: snapshot, emergencyStop: self.emergencyStop.isEngaged)
                    }
                case .sleep(let deadline):
                    await self.wake.wait(until: deadline, clock: self.clock)
                    await self.settle(&machine, transfers: &transfers)
                    step = machine.woke(now: self.now)
                default:
                    do {
                        let answer = self.settings.leaseAhead > 0
                            ? try await self.callWhileSending(step.next, &machine, transfers: &transfers)
                            : try await self.call(step.next)
                        step = self.answer(answer, &machine)
                        outboxUp.set(true)
                    } catch {
                        // Disk full, read-only, I/O, PostgreSQL gone: the unit of work rolled
                        // back; the machine keeps the outcomes, and transfers in flight go on.
                        step = machine.outboxFailed(error, now: self.now)
                        outboxUp.set(false)
                    }
                }
            }
        } onGracefulShutdown: {
            stopping.set()
            self.wake.signal()
        }
    }

    /// Every outbox call the dispatcher makes.
    private func call(_ next: DispatchNext) async throws -> OutboxAnswer {
        switch next {
        case .publishRates(let rates, let at):
            try await outbox.publishRates(rates, now: at)
            metrics?.publishedRates(rates)
            return .ratesPublished
        case .queryDue(let at): return .due(try await outbox.dueDestinations(now: at))
        case .recordAndLease(let outcomes, let request): return .leased(try await outbox.recordAndLease(outcomes, request))
        case .queryNextDue: return .nextDue(try await outbox.nextDueTime())
        case .record(let outcomes, let owner): return .recorded(try await outbox.record(outcomes, owner: owner))
        case .releaseLeases(let owner): return .released(try await outbox.releaseLeases(owner: owner))
        case .newTurn, .sleep, .stopped: preconditionFailure("not an outbox call: \(next)")
        }
    }

    /// The event that answers each call.
    private func answer(_ answer: OutboxAnswer, _ machine: inout DispatchMachine) -> DispatchStep {
        switch answer {
        case .ratesPublished: return machine.ratesPublished(now: now)
        case .due(let names): return machine.due(names, now: now)
        case .leased(let taken): return machine.recordedAndLeased(taken, now: now)
        case .nextDue(let time): return machine.nextDue(time, now: now)
        case .recorded(let summary): return machine.recorded(summary, now: now)
        case .released(let count): return machine.released(count, now: now)
        }
    }

    /// Makes the call while the transfers go on: each time enough of them end,
    /// their outcomes wait for the next write and the leases waiting start in
    /// the room they left (`DispatchMachine.startDuringCall`).
    private func callWhileSending(_ next: DispatchNext, _ machine: inout DispatchMachine,
                                  transfers: inout DispatchTransfers) async throws -> OutboxAnswer {
        wake.beginWork()
        async let answer = callThenWake(next)
        while !wake.takeWorkEnded() && !Task.isCancelled {
            await wake.wait(until: nil as Double?, clock: self.clock)
            await settle(&machine, transfers: &transfers)
            carryOut(machine.startDuringCall(now: now, emergencyStop: emergencyStop.isEngaged), transfers: &transfers)
        }
        return try await answer
    }

    private func callThenWake(_ next: DispatchNext) async throws -> OutboxAnswer {
        defer { wake.endWork() }
        return try await call(next)
    }

    /// Hands what ended since the last look to the machine.
    private func settle(_ machine: inout DispatchMachine, transfers: inout DispatchTransfers) async {
        let now = self.now
        let concluded = await transfers.settle(now: now)
        guard !concluded.isEmpty else { return }
        if let metrics { record(concluded, in: metrics) }
        carryOut(machine.completed(concluded, now: now), transfers: &transfers)
    }

    private func carryOut(_ effects: [DispatchEffect], transfers: inout DispatchTransfers) {
        for effect in effects {
            switch effect {
            case .tickProgress: progress?.tick(.dispatcher)
            case .start(let attempts, let destination, let at):
                metrics?.requestsStarted(destination: destination.name, count: attempts.count)
                transfers.start(attempts, destination: destination, at: at)
            case .cancelInFlight: transfers.cancelAll()
            case .log(let line): line.emit(to: logger)
            case .failover(let route, let from, let to): metrics?.failedOver(route: route, from: from, to: to)
            }
        }
    }
}

extension DispatchService {
    /// Each attempt that ended leaves the in-flight count; one with an outcome
    /// is counted by outcome and reason, and its request timed.
    private func record(_ concluded: [DispatchCompletion], in metrics: DaemonMetrics) {
        for completion in concluded {
            metrics.requestEnded(destination: completion.destination)
            guard let outcome = completion.outcome else { continue }
            let seconds = outcome.latencyMilliseconds.map { Double($0) / 1000 }
            metrics.concluded(destination: completion.destination, outcome: outcome, throttled: completion.throttled,
                              seconds: seconds)
        }
    }
}

/// `broadcastd_outbox_up` from the dispatcher's outbox calls, written when it changes.
private struct OutboxUpGauge {
    let metrics: DaemonMetrics?
    var last: Bool?

    init(metrics: DaemonMetrics?) { self.metrics = metrics }

    mutating func set(_ up: Bool) {
        guard up != last else { return }
        last = up
        metrics?.outbox(up: up)
    }
}

/// An outbox call's answer, which `DispatchService.answer` hands to the machine.
private enum OutboxAnswer: Sendable {
    case ratesPublished
    case due([String])
    case leased(RecordAndLease)
    case nextDue(Int64?)
    case recorded(RecordSummary)
    case released(Int)
}

/// Set once by the graceful-shutdown handler, read by the loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
