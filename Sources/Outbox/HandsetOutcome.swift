/// What a delivery report says became of an SMS the gateway accepted: the
/// handset's side of "delivered". Kannel's `dlr-mask` events and SMPP receipt
/// states (`stat:`), Jasmin's `message_status`, map onto these four; the
/// intermediate ones (accepted by the SMSC, buffered, en route) are not outcomes.
public enum HandsetOutcome: Int64, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `DELIVRD`: the handset has it.
    case delivered = 1
    /// `UNDELIV`, `DELETED`, Kannel's "delivery failure": the network gave up.
    case failed = 2
    /// `REJECTD`, Kannel's "SMSC reject": the SMSC refused it.
    case rejected = 3
    /// `EXPIRED`: its validity period ended before the handset took it.
    case expired = 4

    /// The word `status --json` and the metrics use.
    public var description: String {
        switch self {
        case .delivered: "delivered"
        case .failed: "failed"
        case .rejected: "rejected"
        case .expired: "expired"
        }
    }

    /// The counter column on `broadcasts` each backend keeps for this outcome.
    package var counterColumn: String { "handset_" + description }

    /// The counter columns in `allCases` order for a SELECT list, with a
    /// table prefix (`b.`), an aggregate (`sum`) and a cast (`::bigint`) as the backend needs.
    package static func counterColumns(prefix: String = "", aggregate: String? = nil, cast: String = "") -> String {
        allCases.map { outcome in
            let column = prefix + outcome.counterColumn
            return aggregate.map { "\($0)(\(column))\(cast)" } ?? column
        }.joined(separator: ", ")
    }

    /// How long after its broadcast was due a delivered SMS may wait for its
    /// report before it counts as `unknown` (no report): SMSCs keep an SMS for
    /// at most 48 h by default (SMPP's validity period), so a report later than
    /// that will not come.
    public static let reportWaitSeconds: Int64 = 48 * 3600

    /// An SMPP receipt's `stat:` value, or nil when it is not a final state
    /// (`ACCEPTD`, `ENROUTE`, `UNKNOWN`, an SMSC's own word).
    public init?(receiptState: String) {
        switch receiptState.uppercased() {
        case "DELIVRD", "DELIVERED": self = .delivered
        case "UNDELIV", "UNDELIVERABLE", "DELETED": self = .failed
        case "REJECTD", "REJECTED": self = .rejected
        case "EXPIRED": self = .expired
        default: return nil
        }
    }
}

/// How many of a broadcast's (or a destination's) SMS accepted by a gateway
/// have a handset outcome, by outcome. What has none is either still waiting
/// for its report or, `HandsetOutcome.reportWaitSeconds` after its broadcast
/// was due, `unknown`.
public struct HandsetCounts: Hashable, Sendable, Codable {
    public var delivered: Int64 = 0
    public var failed: Int64 = 0
    public var rejected: Int64 = 0
    public var expired: Int64 = 0

    public init() {}

    public subscript(outcome: HandsetOutcome) -> Int64 {
        get {
            switch outcome {
            case .delivered: delivered
            case .failed: failed
            case .rejected: rejected
            case .expired: expired
            }
        }
        set {
            switch outcome {
            case .delivered: delivered = newValue
            case .failed: failed = newValue
            case .rejected: rejected = newValue
            case .expired: expired = newValue
            }
        }
    }

    /// SMS with a report.
    public var reported: Int64 { HandsetOutcome.allCases.reduce(0) { $0 + self[$1] } }

    public var isEmpty: Bool { reported == 0 }

    public static func + (lhs: HandsetCounts, rhs: HandsetCounts) -> HandsetCounts {
        var sum = lhs
        for outcome in HandsetOutcome.allCases { sum[outcome] += rhs[outcome] }
        return sum
    }
}
