/// How many deliveries are in each state. For a broadcast these are exact:
/// stored rows by state, the delivered counter, and the recipients its cursor
/// has not reached yet, counted in the broadcast's own state.
public struct StateCounts: Hashable, Sendable, Codable {
    public var pending: Int64 = 0
    public var inFlight: Int64 = 0
    public var retrying: Int64 = 0
    public var dead: Int64 = 0
    public var delivered: Int64 = 0
    public var cancelled: Int64 = 0
    public var skipped: Int64 = 0

    public init() {}

    public subscript(state: DeliveryState) -> Int64 {
        get {
            switch state {
            case .pending: return pending
            case .inFlight: return inFlight
            case .retrying: return retrying
            case .dead: return dead
            case .delivered: return delivered
            case .cancelled: return cancelled
            case .skipped: return skipped
            }
        }
        set {
            switch state {
            case .pending: pending = newValue
            case .inFlight: inFlight = newValue
            case .retrying: retrying = newValue
            case .dead: dead = newValue
            case .delivered: delivered = newValue
            case .cancelled: cancelled = newValue
            case .skipped: skipped = newValue
            }
        }
    }

    public var total: Int64 { DeliveryState.allCases.reduce(0) { $0 + self[$1] } }

    static func + (lhs: StateCounts, rhs: StateCounts) -> StateCounts {
        var sum = lhs
        for state in DeliveryState.allCases { sum[state] += rhs[state] }
        return sum
    }
}
