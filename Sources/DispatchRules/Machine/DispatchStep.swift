import Delivery
import Outbox

/// What the dispatch machine asks of the service that runs it after each
/// event: effects to carry out at once, in order, then one thing to wait for,
/// whose result is the machine's next event. The machine does no I/O, reads
/// no clock and never suspends; everything it needs comes in as an event.
package struct DispatchStep: Sendable {
    package var effects: [DispatchEffect] = []
    package var next: DispatchNext

    package init(effects: [DispatchEffect] = [], next: DispatchNext) {
        self.effects = effects
        self.next = next
    }
}

/// Done at once, without waiting for an answer.
package enum DispatchEffect: Sendable {
    /// The watchdog's proof that the loop goes round (`ProgressMonitor`).
    case tickProgress
    /// Build each attempt's request and hand them to the transport in one go;
    /// their ends come back as `DispatchMachine.completed(_:now:)`. Counted as
    /// in flight from now on.
    case start([DeliveryAttempt], destination: Destination, at: Double)
    /// Shutdown's grace is over: end every transfer still running. Their ends
    /// that are not answers record nothing (`DeliveryAttempt.abandoned`).
    case cancelInFlight
    case log(LogLine)
    /// A routed delivery moved from one gateway to the next: counted in the metrics.
    case failover(route: String, from: String, to: String)
}

/// The one thing the service waits for next; each names the event that answers it.
package enum DispatchNext: Sendable {
    /// Settle what ended, read the registry's snapshot and the emergency stop,
    /// then `turn(now:snapshot:emergencyStop:)`, or `shutdownRequested(now:)`
    /// when a graceful shutdown has begun.
    case newTurn
    /// `DispatchOutbox.publishRates`, then `ratesPublished(now:)`.
    case publishRates([DestinationRate], now: Int64)
    /// `DispatchOutbox.dueDestinations`, then `due(_:now:)`.
    case queryDue(now: Int64)
    /// `DispatchOutbox.recordAndLease`, then `recordedAndLeased(_:now:)`.
    case recordAndLease([Outcome], LeaseRequest)
    /// `DispatchOutbox.nextDueTime`, then `nextDue(_:now:)`.
    case queryNextDue
    /// `DispatchOutbox.record`, then `recorded(_:now:)`.
    case record([Outcome], owner: String)
    /// `DispatchOutbox.releaseLeases`, then `released(_:now:)`.
    case releaseLeases(owner: String)
    /// Wait for the wake signal (new work, enough transfer ends, a reload) or
    /// until the clock reads this instant, then `woke(now:)`.
    case sleep(until: Double)
    /// The loop is over.
    case stopped
}

extension DispatchStep {
    /// The leases this step starts, for tests and the rehearsal.
    package var started: [Lease] {
        effects.flatMap { effect -> [Lease] in
            if case .start(let attempts, _, _) = effect { return attempts.map(\.lease) }
            return []
        }
    }

    package var logLines: [LogLine] {
        effects.compactMap { effect in
            if case .log(let line) = effect { return line }
            return nil
        }
    }
}
