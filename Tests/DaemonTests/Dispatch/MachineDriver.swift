@testable import Daemon
@testable import DispatchRules
import DaemonConfig
import Delivery
import Outbox

/// Runs a `DispatchMachine` the way `DispatchService` does, synchronously, on a
/// manual clock: the outbox in memory, and a transport that only notes what
/// started (answered at once when `answers` is set, else when the test says).
struct MachineDriver {
    var machine: DispatchMachine
    let outbox: InMemoryDispatchOutbox
    let clock: ManualClock
    var snapshot: CampaignRegistry.Snapshot
    var emergencyStop = false
    var shutdownRequested = false
    /// Answer every transfer with a delivery before the next turn, as a fast gateway does.
    var answers = true
    /// Let the transfers go on while each outbox call runs, as `DispatchService`
    /// does when leasing ahead: what ended is settled and what waits may start
    /// before the call's answer, as if the call took a while.
    var sendsDuringCalls = false
    /// The most transfers running at once, at any moment.
    private(set) var mostRunning = 0
    /// Every lease started, and when.
    private(set) var started: [(lease: Lease, at: Double)] = []
    /// The gateway or endpoint each of `started` went through, in the same order.
    private(set) var startedThrough: [String] = []
    /// Every `.failover` effect, in order.
    private(set) var failovers: [(route: String, from: String, to: String)] = []
    private(set) var running: [(attempt: DeliveryAttempt, startedAt: Double)] = []
    private(set) var logged: [LogLine] = []
    private(set) var cancelled = false
    /// Every step's `next`, in order.
    private(set) var nexts: [DispatchNext] = []
    /// Where the machine waits: a sleep, or the end.
    private(set) var waiting: DispatchNext = .newTurn
    private var pending: [DispatchCompletion] = []

    init(destinations: [Destination], routes: [RouteConfiguration] = [], settings: DispatchService.Settings = DispatchFixture.settings(),
         snapshot: CampaignRegistry.Snapshot, outbox: InMemoryDispatchOutbox = InMemoryDispatchOutbox(), at now: Double) {
        clock = ManualClock(at: now)
        machine = DispatchMachine(destinations: Dictionary(uniqueKeysWithValues: destinations.map { ($0.name, $0) }),
                                  routes: routes, settings: settings, now: now)
        self.outbox = outbox
        self.snapshot = snapshot
    }

    var now: Double { clock.now.timeIntervalSince1970 }

    /// How many turns began without a sleep before them or after one.
    var turns: Int { nexts.filter { if case .newTurn = $0 { true } else { false } }.count }

    /// Carries out steps until the machine sleeps or stops.
    mutating func runUntilWaiting(from first: DispatchStep? = nil) {
        var step = first ?? DispatchStep(next: .newTurn)
        for _ in 0..<10_000 {
            carryOut(step.effects)
            nexts.append(step.next)
            switch step.next {
            case .sleep, .stopped:
                waiting = step.next
                return
            case .newTurn:
                settle()
                step = shutdownRequested ? machine.shutdownRequested(now: now)
                    : machine.turn(now: now, snapshot: snapshot, emergencyStop: emergencyStop)
            default:
                if sendsDuringCalls {
                    settle()
                    carryOut(machine.startDuringCall(now: now, emergencyStop: emergencyStop))
                }
                do {
                    step = try ask(step.next)
                } catch {
                    step = machine.outboxFailed(error, now: now)
                }
            }
        }
        preconditionFailure("the machine never slept")
    }

    /// Sleeps as the machine asked (at most until `limit`), wakes, and runs to the next sleep.
    mutating func sleepOnce(limit: Double = .infinity) {
        guard case .sleep(let deadline) = waiting else { return }
        let wakeAt = min(deadline, limit)
        if wakeAt > now { clock.advance(by: wakeAt - now) }
        settle()
        runUntilWaiting(from: machine.woke(now: now))
    }

    /// Runs turn after turn until the clock reads `end`.
    mutating func run(until end: Double) {
        if case .newTurn = waiting { runUntilWaiting() }
        while now < end, case .sleep = waiting { sleepOnce(limit: end) }
    }

    /// The first `count` transfers running end with `result` now.
    mutating func answer(_ count: Int, result: Outcome.Result = .delivered(gatewayMessageID: nil),
                         warning: String? = nil) {
        let ending = running.prefix(count)
        running.removeFirst(ending.count)
        pending += ending.map { ran in
            let outcome = Outcome(delivery: ran.attempt.lease.id, result: result, at: Int64(now))
            return DispatchCompletion(destination: ran.attempt.destination.name, outcome: outcome,
                                      startedAt: ran.startedAt, throttled: false, warning: warning)
        }
    }

    /// The first `count` transfers running end as the transport's `result`,
    /// read by each attempt's dialect and route as the daemon reads them.
    mutating func answer(_ count: Int, transport result: Result<HTTPResponse, TransportError>) {
        let ending = running.prefix(count)
        running.removeFirst(ending.count)
        var random = SystemRandomNumberGenerator()
        pending += ending.map { ran in
            ran.attempt.concluded(ran.attempt.verdict(for: result, now: now), startedAt: ran.startedAt, endedAt: now, random: &random)
        }
    }

    private mutating func settle() {
        if answers { answer(running.count) }
        guard !pending.isEmpty else { return }
        carryOut(machine.completed(pending, now: now))
        pending = []
    }

    private mutating func carryOut(_ effects: [DispatchEffect]) {
        for effect in effects {
            switch effect {
            case .tickProgress: break
            case .start(let attempts, _, let at):
                started += attempts.map { ($0.lease, at) }
                startedThrough += attempts.map(\.destination.name)
                running += attempts.map { ($0, at) }
                mostRunning = max(mostRunning, running.count)
            case .cancelInFlight:
                cancelled = true
                // Cancelled transfers end at once, with no answer: nothing to record.
                pending += running.map { DispatchCompletion(destination: $0.attempt.destination.name, outcome: nil,
                                                            startedAt: $0.startedAt, throttled: false) }
                running = []
            case .log(let line): logged.append(line)
            case .failover(let route, let from, let to): failovers.append((route, from, to))
            }
        }
    }

    private mutating func ask(_ next: DispatchNext) throws -> DispatchStep {
        switch next {
        case .publishRates(let rates, let at):
            try outbox.publishRates(rates, now: at)
            return machine.ratesPublished(now: now)
        case .queryDue(let at): return machine.due(try outbox.dueDestinations(now: at), now: now)
        case .recordAndLease(let outcomes, let request):
            return machine.recordedAndLeased(try outbox.recordAndLease(outcomes, request), now: now)
        case .queryNextDue: return machine.nextDue(try outbox.nextDueTime(), now: now)
        case .record(let outcomes, let owner): return machine.recorded(try outbox.record(outcomes, owner: owner), now: now)
        case .releaseLeases(let owner): return machine.released(try outbox.releaseLeases(owner: owner), now: now)
        case .newTurn, .sleep, .stopped: preconditionFailure("not an outbox call")
        }
    }
}
