/// List recipients skipped at lease time (opted out, capped) are counted per
/// reason on their broadcast rather than stored as rows: one lease's skips of
/// one broadcast, written once at its end, in every backend.
public struct SkipTally: Hashable, Sendable {
    public var capped: Int64 = 0
    public var optedOut: Int64 = 0

    public init() {}

    public var total: Int64 { capped + optedOut }

    public mutating func add(_ reason: SkipReason) {
        switch reason {
        case .capped: capped += 1
        case .optedOut: optedOut += 1
        case .missedWhileDown, .cancelledByPlanner: break
        }
    }
}
