/// The config spelling (`100/s burst 20`, `20/min`), for `status` and config errors.
extension RateLimit.Bucket: CustomStringConvertible {
    public var description: String {
        // A rate that is whole per minute but not per second was written per minute.
        let perMinute = (perSecond * 60 * 1e6).rounded() / 1e6
        let rate = perSecond != perSecond.rounded() && perMinute == perMinute.rounded()
            ? "\(Self.number(perMinute))/min" : "\(Self.number(perSecond))/s"
        return burst == 1 ? rate : "\(rate) burst \(burst)"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension RateLimit: CustomStringConvertible {
    public var description: String {
        let rates = buckets.isEmpty ? "unlimited" : buckets.map(\.description).joined(separator: " and ")
        return concurrency.map { "\(rates), concurrency \($0)" } ?? rates
    }
}
