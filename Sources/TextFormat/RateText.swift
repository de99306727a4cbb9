import Foundation

/// A rate as people write it: in the unit a config says it (`100/min`, not
/// `1.7/s`; `30/h`), `1.5/s` when no unit gives a whole number. `status` and
/// the status page print limits the same way.
public enum RateText {
    public static func text(perSecond: Double) -> String {
        if perSecond >= 10 || perSecond == 0 { return "\(Int(perSecond.rounded()))/s" }
        for (unit, seconds) in [("s", 1.0), ("min", 60.0), ("h", 3_600.0)] {
            let value = perSecond * seconds
            if value >= 1, abs(value - value.rounded()) < 1e-6 * value { return "\(Int(value.rounded()))/\(unit)" }
        }
        if perSecond >= 1 { return String(format: "%.1f/s", perSecond) }
        if perSecond * 60 >= 1 { return "\(Int((perSecond * 60).rounded()))/min" }
        return "\(Int((perSecond * 3_600).rounded()))/h"
    }
}
