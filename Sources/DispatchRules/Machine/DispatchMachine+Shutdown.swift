extension DispatchMachine {
    /// A graceful shutdown began (between turns): wait up to the grace for the
    /// transfers in flight, recording their outcomes as they end; then cancel
    /// the rest (their ends are not recorded) and give back every lease.
    package mutating func shutdownRequested(now: Double) -> DispatchStep {
        guard case .idle = phase else { preconditionFailure("shutdown requested in a turn or twice: \(phase)") }
        enter(.draining(deadline: now + settings.shutdownGrace))
        return continueShutdown(now: now)
    }

    package mutating func continueShutdown(now: Double, effects: [DispatchEffect] = []) -> DispatchStep {
        var effects = effects
        if pacing.hasUnrecorded {
            riding = pacing.takeUnrecorded()
            return DispatchStep(effects: effects, next: .record(riding, owner: settings.owner))
        }
        switch phase {
        case .draining(let deadline):
            if inFlight == 0 { return release(effects) }
            if now < deadline { return DispatchStep(effects: effects, next: .sleep(until: deadline)) }
            effects.append(.cancelInFlight)
            enter(.cancelling(deadline: now + Self.cancelBound))
            return DispatchStep(effects: effects, next: .sleep(until: now + Self.cancelBound))
        case .cancelling(let deadline):
            if inFlight == 0 || now >= deadline { return release(effects) }
            return DispatchStep(effects: effects, next: .sleep(until: deadline))
        case .idle, .turning, .releasing, .stopped:
            preconditionFailure("shutdown step outside shutdown: \(phase)")
        }
    }

    /// Every lease given back; the loop is over.
    package mutating func released(_ count: Int, now: Double) -> DispatchStep {
        guard case .releasing = phase else { preconditionFailure("leases released outside shutdown: \(phase)") }
        enter(.stopped)
        return DispatchStep(effects: [.log(LogLine(level: .info, message: "dispatcher stopped", metadata: ["released": "\(count)"]))],
                            next: .stopped)
    }

    private mutating func release(_ effects: [DispatchEffect]) -> DispatchStep {
        enter(.releasing)
        return DispatchStep(effects: effects, next: .releaseLeases(owner: settings.owner))
    }
}
