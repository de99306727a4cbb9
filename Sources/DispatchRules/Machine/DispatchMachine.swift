import DaemonConfig
import Delivery
import Outbox

/// The dispatch loop's rules as a pure state machine, in the style of
/// SwiftNIO's and Hummingbird's: time and events go in, a `DispatchStep` comes
/// out, and `DispatchService` only carries it out against the outbox, the
/// transport and the log. It owns all pacing state (rate limiters and in-flight
/// counts, quiet hours, caps, the outbox-trouble backoff, the shutdown grace),
/// so a whole quiet window, rate window or shutdown grace runs in a unit test
/// in microseconds, and a rehearsal can drive it with a virtual clock.
///
/// One turn: publish the rates (every 10 s), ask which destinations have work
/// due, lease for each what its rate, cap and batch allow, campaign by campaign
/// outside quiet hours (each lease carries the outcomes waiting to be written),
/// start them, ask when work is due next, record what no lease took along, and
/// sleep until the earliest of: due work, a rate limiter's next token, a quiet
/// window's end, or one second (so `pause`/`cancel` written to the outbox take
/// effect within a second). An outbox that cannot be written keeps the outcomes
/// and is tried again after `OutboxTrouble.retryDelay` (doubling up to a cap).
package struct DispatchMachine {
    package typealias Settings = DispatchSettings

    /// `broadcastctl status` shows limits at most this old.
    package static let ratesInterval = 10.0
    /// The longest sleep between turns: controls written to the outbox apply within it.
    package static let idleLook = 1.0
    /// Cancelled transfers report at once; this bounds a transport that hangs.
    package static let cancelBound = 2.0

    package enum Phase {
        /// Between turns: asleep or about to turn.
        case idle
        /// In a turn, waiting for an outbox call's answer.
        case turning(Turn)
        /// Shutdown: waiting up to `deadline` for the transfers in flight.
        case draining(deadline: Double)
        /// Shutdown: the grace is over, transfers were cancelled; waiting for their ends.
        case cancelling(deadline: Double)
        /// Shutdown: giving back every lease.
        case releasing
        case stopped
    }

    package let settings: Settings
    package private(set) var destinations: [String: Destination]
    private var routes: [RouteConfiguration]
    package var pacing: DispatchPacing
    /// Says when a destination starts failing and when it recovers.
    private var health = DestinationHealth()
    /// Says when quiet hours hold due sends and when they release them.
    package var quietLog = QuietLog()
    private(set) var phase = Phase.idle
    package var trouble = OutboxTrouble()
    package var ratesPublishedAt = -Double.infinity
    /// Outcomes riding on the outbox call in progress: put back if it fails.
    package var riding: [Outcome] = []
    /// Picks routed deliveries' gateways and fails them over (`DispatchMachine+Routes`).
    package var router: Router
    /// Routed attempts waiting for room at their gateway, by gateway.
    package var waiting: [String: [DeliveryAttempt]] = [:]
    /// The last turn's own reason to look again (a token, due work, a quiet
    /// window's end), before its sleep was cut to `idleLook`; nil: none. The
    /// daemon does not read it; a rehearsal, which has no controls to look
    /// for, skips the idle looks that would find nothing to do.
    package internal(set) var ownWakeAt: Double?

    package init(destinations: [String: Destination], routes: [RouteConfiguration] = [], settings: Settings, now: Double) {
        self.destinations = destinations
        self.routes = routes
        self.settings = settings
        pacing = DispatchPacing(destinations: destinations, now: now)
        router = Router(routes: routes)
    }

    package var inFlight: Int { pacing.inFlightTotal }

    /// A reload's gateways, endpoints and routes, from the next lease on. Transfers
    /// in flight carry their own destination and finish with the settings they
    /// started with. Deliveries for a destination no longer configured wait in
    /// the outbox (and routed ones in `waiting`) until it comes back; nothing fails.
    /// An unchanged route keeps its circuits (a gateway found down stays down).
    package mutating func reconfigure(destinations: [String: Destination], routes: [RouteConfiguration], now: Double) {
        self.destinations = destinations
        pacing.reconfigure(destinations, now: now)
        if routes != self.routes {
            self.routes = routes
            router = Router(routes: routes)
        }
        rerouteStranded(now: now)
        // Published at the next turn, so `status` shows the new rates at once.
        ratesPublishedAt = -Double.infinity
    }

    // MARK: Events

    /// Transfers ended (or could not start); their outcomes wait for the next
    /// write. Returns the lines to log (a TLS problem, once per distinct one).
    package mutating func completed(_ completions: [DispatchCompletion], now: Double) -> [DispatchEffect] {
        var effects: [DispatchEffect] = []
        for completion in completions {
            if let warning = completion.warning, let line = pacing.warnOnce(warning) { effects.append(.log(line)) }
            if let result = completion.outcome?.result,
               let line = health.observe(result, destination: completion.destination, now: now, routed: completion.routed != nil) {
                effects.append(.log(line))
            }
            let (settled, failover) = routedEnd(completion, now: now)
            effects += failover
            pacing.finished(settled, now: now)
        }
        // A failover starts at the next turn, which these ends' wake-up brings at once: a
        // turn checks the emergency stop and shutdown first, as for any other send.
        // Ends settled while a turn's outbox call runs (leasing ahead) consumed that
        // wake-up: the turn looks again at once instead, for the room they left.
        if settings.leaseAhead > 0, !completions.isEmpty, case .turning(var turn) = phase {
            turn.wake(at: now)
            phase = .turning(turn)
        }
        return effects
    }

    /// The sleep ended: a signal, or its deadline.
    package mutating func woke(now: Double) -> DispatchStep {
        switch phase {
        case .idle: return DispatchStep(next: .newTurn)
        case .draining, .cancelling: return continueShutdown(now: now)
        case .turning, .releasing, .stopped: preconditionFailure("woke while not asleep: \(phase)")
        }
    }

    package mutating func ratesPublished(now: Double) -> DispatchStep {
        guard case .turning(let turn) = phase else { preconditionFailure("rates published outside a turn") }
        return afterRates(turn)
    }

    package mutating func due(_ names: [String], now: Double) -> DispatchStep {
        var turn = takeTurn("due destinations")
        turn.due = names
        let (effects, retryAt) = startWaiting(now: turn.now)
        if let retryAt { turn.wake(at: retryAt) }
        return lease(turn, effects: effects)
    }

    package mutating func recordedAndLeased(_ result: RecordAndLease, now: Double) -> DispatchStep {
        var turn = takeTurn("leases")
        riding = []
        var effects = Self.refusals(result.recorded)
        let batch = result.batch
        for problem in batch.heldProblems {
            effects.append(.log(LogLine(level: .error, message: "broadcast held, tried again in \(HeldBroadcast.retrySeconds)s",
                                        metadata: ["problem": "\(problem)"])))
        }
        turn.leases += batch.leases
        // Skipped (capped, opted out) deliveries used up part of the batch: more may be due now.
        if batch.skipped > 0 { turn.wake(at: turn.now) }
        // The rate shared with other instances held some back: ask again when it has room.
        if let wait = batch.sharedRateWait { turn.wake(at: turn.now + wait) }
        return lease(turn, effects: effects)
    }

    package mutating func nextDue(_ time: Int64?, now: Double) -> DispatchStep {
        var turn = takeTurn("the next due time")
        if let time, Double(time) > turn.now { turn.wake(at: Double(time)) }
        return recordRest(turn, effects: [], now: now)
    }

    package mutating func recorded(_ summary: RecordSummary, now: Double) -> DispatchStep {
        riding = []
        let effects = Self.refusals(summary)
        switch phase {
        case .turning(let turn): return endTurn(turn, effects: effects, now: now)
        case .draining, .cancelling: return continueShutdown(now: now, effects: effects)
        case .idle, .releasing, .stopped: preconditionFailure("recorded outside a turn or shutdown: \(phase)")
        }
    }

    /// The outbox call in progress failed (disk full, read-only, I/O): it rolled
    /// back. In a turn, its outcomes wait for the next one, leases already taken
    /// are started, and the next turn comes after the backoff; during shutdown
    /// the loop stops, and what was not recorded is still leased in the outbox,
    /// sent again after the next start.
    package mutating func outboxFailed(_ error: any Error, now: Double) -> DispatchStep {
        pacing.putBack(riding)
        riding = []
        switch phase {
        case .turning(let turn):
            var effects = startLeased(turn)
            if let line = trouble.failed("dispatching", error: error, at: now) { effects.append(.log(line)) }
            phase = .idle
            return DispatchStep(effects: effects, next: .sleep(until: now + trouble.retryDelay))
        case .draining, .cancelling, .releasing:
            phase = .stopped
            let line = LogLine(level: .error,
                               message: "dispatcher stopped without recording everything; the deliveries concerned are sent again after the next start",
                               metadata: ["error": "\(error)"])
            return DispatchStep(effects: [.log(line)], next: .stopped)
        case .idle, .stopped: preconditionFailure("an outbox call failed while none was made: \(phase)")
        }
    }

    package static func refusals(_ summary: RecordSummary?) -> [DispatchEffect] {
        guard let summary, !summary.refused.isEmpty else { return [] }
        return [.log(LogLine(level: .notice, message: "outcomes refused by the outbox (lease lost or delivery cancelled)",
                             metadata: ["count": "\(summary.refused.count)"]))]
    }

    /// The turn in progress, taken out of `phase` so that changing it does not
    /// copy its arrays (SwiftNIO's way around copy-on-write in state machines);
    /// the caller puts it back with `enter` or ends it.
    private mutating func takeTurn(_ event: String) -> Turn {
        guard case .turning(let turn) = phase else { preconditionFailure("\(event) outside a turn: \(phase)") }
        phase = .idle
        return turn
    }

    package mutating func enter(_ phase: Phase) {
        self.phase = phase
    }
}
