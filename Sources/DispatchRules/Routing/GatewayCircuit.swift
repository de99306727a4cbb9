/// Whether a gateway takes traffic: a circuit breaker over an injected clock.
///
/// Closed, it takes everything. A refused connection opens it at once (nothing
/// listens), and so do `threshold` failures in a row (5xx, timeouts, resets).
/// Open, it takes nothing until its cooldown ends; then it is half-open and
/// takes one delivery, the probe. The probe delivered closes it and traffic
/// returns; the probe failed opens it again for twice as long (up to
/// `maxCooldown`). A number the gateway refuses as not its own says nothing
/// about the gateway and is not counted.
package struct GatewayCircuit: Sendable, Equatable {
    package static let threshold = 3
    package static let firstCooldown = 10.0
    package static let maxCooldown = 300.0

    package enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: Double, cooldown: Double)
        /// One probe may go; `probing` while it is in flight.
        case halfOpen(probing: Bool, cooldown: Double)
    }

    /// What one attempt said about the gateway.
    package enum Report: Sendable, Equatable {
        case delivered
        /// Nothing listens at its address.
        case refusedConnection
        /// A 5xx, a timeout, a reset: the gateway is struggling.
        case failed
        /// An answer about this number (not mine, a bad number, a throttle): the gateway works.
        case answered
    }

    package private(set) var state = State.closed(failures: 0)

    package init() {}

    /// Whether the gateway may take a delivery at `now`; a half-open one takes
    /// it as its probe, and no other until the probe's end is reported.
    package mutating func admit(now: Double) -> Bool {
        switch state {
        case .closed: return true
        case .open(let until, let cooldown):
            guard now >= until else { return false }
            state = .halfOpen(probing: true, cooldown: cooldown)
            return true
        case .halfOpen(let probing, let cooldown):
            guard !probing else { return false }
            state = .halfOpen(probing: true, cooldown: cooldown)
            return true
        }
    }

    /// Down: it takes nothing now (open, or half-open with its probe out).
    package func isDown(now: Double) -> Bool {
        switch state {
        case .closed: return false
        case .open(let until, _): return now < until
        case .halfOpen(let probing, _): return probing
        }
    }

    /// An attempt ended. Returns true when this opened the circuit.
    @discardableResult
    package mutating func report(_ report: Report, now: Double) -> Bool {
        switch (state, report) {
        case (_, .delivered), (.closed, .answered), (.halfOpen, .answered):
            // An answer of any kind to the probe means the gateway is back.
            state = .closed(failures: 0)
        case (.closed(let failures), .failed) where failures + 1 < Self.threshold:
            state = .closed(failures: failures + 1)
        case (.closed, .failed), (.closed, .refusedConnection):
            state = .open(until: now + Self.firstCooldown, cooldown: Self.firstCooldown)
            return true
        case (.halfOpen(_, let cooldown), .failed), (.halfOpen(_, let cooldown), .refusedConnection):
            let next = min(cooldown * 2, Self.maxCooldown)
            state = .open(until: now + next, cooldown: next)
            return true
        case (.open, _):
            // An attempt started before the circuit opened: it changes nothing.
            break
        }
        return false
    }
}
