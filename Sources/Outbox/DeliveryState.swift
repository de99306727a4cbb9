/// Where one delivery stands. The raw values are what the outbox stores; they
/// never change meaning once written.
///
///     pending ──lease──▶ inFlight ──▶ delivered | retrying | dead | skipped
///        ▲                  │ lease expired or released
///        └──────────────────┘ (retrying once it has been attempted)
///     retrying ──lease──▶ inFlight      dead ──retry──▶ pending
///     pending, retrying ──▶ cancelled | skipped
public enum DeliveryState: Int64, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case pending = 0
    case inFlight = 1
    case retrying = 2
    case dead = 3
    case delivered = 4
    case cancelled = 5
    case skipped = 6

    /// The stable spelling used by `broadcastctl` (flags and JSON).
    public var name: String {
        switch self {
        case .pending: return "pending"
        case .inFlight: return "in-flight"
        case .retrying: return "retrying"
        case .dead: return "dead"
        case .delivered: return "delivered"
        case .cancelled: return "cancelled"
        case .skipped: return "skipped"
        }
    }

    public init?(name: String) {
        guard let state = DeliveryState.allCases.first(where: { $0.name == name }) else { return nil }
        self = state
    }

    public var description: String { name }

    /// No way leads out of these.
    public var isFinal: Bool { self == .delivered || self == .cancelled || self == .skipped }

    /// Whether the outbox lets a delivery move from this state to `next`.
    /// `pending`/`retrying` → `delivered` is allowed on purpose: a send that
    /// succeeded after its lease expired did reach the person, and saying so is
    /// what keeps it from being sent again.
    public func canMove(to next: DeliveryState) -> Bool {
        switch (self, next) {
        case (.pending, .inFlight), (.pending, .cancelled), (.pending, .skipped), (.pending, .delivered):
            return true
        case (.retrying, .inFlight), (.retrying, .cancelled), (.retrying, .skipped), (.retrying, .delivered):
            return true
        case (.inFlight, .delivered), (.inFlight, .retrying), (.inFlight, .dead), (.inFlight, .skipped),
             (.inFlight, .pending), (.inFlight, .cancelled):
            return true
        case (.dead, .pending):
            return true
        default:
            return false
        }
    }
}

/// Why a delivery or a whole broadcast was not sent. Stored as its text.
public enum SkipReason: String, CaseIterable, Hashable, Sendable, Codable {
    case missedWhileDown = "missed while down"
    case cancelledByPlanner = "cancelled by planner"
    case capped = "capped"
    case optedOut = "opted out"
}
