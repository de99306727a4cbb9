/// Attempts that ended in one quarter hour of UTC, for the status page's
/// "sends per hour today" chart: counted by `record` in the outcome's own
/// transaction, so the chart survives a restart and, on PostgreSQL, adds up
/// every instance's sends.
///
/// Quarter hours because every zone's offset is a whole number of them, so any
/// campaign's local hours are whole slots.
public struct SendSlot: Hashable, Sendable {
    public static let seconds: Int64 = 900

    /// The slot's first second (a multiple of `seconds`).
    public var start: Int64
    /// Taken by the gateway.
    public var delivered: Int64
    /// Attempts that ended retrying or dead.
    public var failed: Int64

    public init(start: Int64, delivered: Int64, failed: Int64) {
        (self.start, self.delivered, self.failed) = (start, delivered, failed)
    }

    /// The start of the slot that holds `at`, rounding down before 1970 too.
    public static func start(of at: Int64) -> Int64 {
        let quotient = at / seconds
        return (at % seconds < 0 ? quotient - 1 : quotient) * seconds
    }

    /// A batch's outcomes counted by slot; skips (opted out, capped) made no request and count nothing.
    public static func tally(_ outcomes: [Outcome]) -> [SendSlot] {
        var slots: [Int64: SendSlot] = [:]
        for outcome in outcomes {
            let start = start(of: outcome.at)
            switch outcome.result {
            case .delivered: slots[start, default: SendSlot(start: start, delivered: 0, failed: 0)].delivered += 1
            case .retry, .dead: slots[start, default: SendSlot(start: start, delivered: 0, failed: 0)].failed += 1
            case .skipped: continue
            }
        }
        return slots.values.sorted { $0.start < $1.start }
    }
}
