/// How a destination slows down when it says "too fast" and speeds up again:
/// multiplicative decrease, additive increase (as TCP does), over the base rate.
public struct AdaptiveSlowing: Hashable, Sendable {
    /// Each throttle answer multiplies the current rate by this.
    public var decrease: Double
    /// The rate never drops below this fraction of the base rate.
    public var minimumFraction: Double
    /// Seconds at the reduced rate before it starts to climb.
    public var hold: Double
    /// Fraction of the base rate regained per second once climbing.
    public var recoveryPerSecond: Double

    public init(decrease: Double = 0.5, minimumFraction: Double = 1.0 / 16, hold: Double = 60,
                recoveryPerSecond: Double = 0.005) {
        precondition(decrease > 0 && decrease < 1 && minimumFraction > 0 && minimumFraction <= 1
                     && hold >= 0 && recoveryPerSecond > 0, "invalid adaptive slowing")
        self.decrease = decrease
        self.minimumFraction = minimumFraction
        self.hold = hold
        self.recoveryPerSecond = recoveryPerSecond
    }

    /// Halve, hold a minute, then regain 5 % of the base rate every 10 s.
    public static let standard = AdaptiveSlowing()
}

/// The fraction of the base rate in force: 1 until a throttle, then reduced,
/// held, and climbing linearly back to 1. A piecewise-linear function of time,
/// so the tokens earned over any interval are integrated exactly.
struct RateFraction: Hashable, Sendable {
    let settings: AdaptiveSlowing
    private(set) var reduced: Double = 1
    private(set) var reducedAt: Double = -.infinity

    init(settings: AdaptiveSlowing) { self.settings = settings }

    private var climbStart: Double { reducedAt + settings.hold }
    private var climbEnd: Double { climbStart + (1 - reduced) / settings.recoveryPerSecond }

    func at(_ time: Double) -> Double {
        guard time > climbStart else { return reduced }
        return min(1, reduced + (time - climbStart) * settings.recoveryPerSecond)
    }

    /// ∫ fraction dt over [from, to], with `from` not before the last decrease.
    func integral(from: Double, to: Double) -> Double {
        guard to > from else { return 0 }
        let held = max(0, min(to, climbStart) - max(from, reducedAt)) * reduced
        let climbFrom = max(from, climbStart), climbTo = min(to, climbEnd)
        let climbing = climbTo > climbFrom ? (at(climbFrom) + at(climbTo)) / 2 * (climbTo - climbFrom) : 0
        let full = max(0, to - max(from, climbEnd))
        return held + climbing + full
    }

    /// A throttle answer to a transfer started before the last decrease says
    /// nothing new (it was sent at the old pace) and is ignored.
    mutating func throttle(at time: Double, transferStartedAt startedAt: Double) {
        guard startedAt >= reducedAt else { return }
        reduced = max(settings.minimumFraction, at(time) * settings.decrease)
        reducedAt = time
    }
}
