/// `100/s burst 20`, `20/min`: at most `count` sends per `period`, and up to
/// `burst` more at once after a quiet spell.
public struct RateSetting: Hashable, Sendable, CustomStringConvertible {
    public enum Period: String, Hashable, Sendable, CaseIterable {
        case second = "s"
        case minute = "min"
        case hour = "h"

        public var duration: Duration {
            switch self {
            case .second: return .seconds(1)
            case .minute: return .seconds(60)
            case .hour: return .seconds(3600)
            }
        }
    }

    public var count: Int
    public var period: Period
    /// Extra sends allowed above the steady rate; nil when none was written.
    public var burst: Int?

    public init(count: Int, per period: Period, burst: Int? = nil) {
        self.count = count
        self.period = period
        self.burst = burst
    }

    /// The steady rate in sends per second.
    public var perSecond: Double { Double(count) / Double(period.duration.components.seconds) }

    public var description: String {
        "\(count)/\(period.rawValue)" + (burst.map { " burst \($0)" } ?? "")
    }
}
