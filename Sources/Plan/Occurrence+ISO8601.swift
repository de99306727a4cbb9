extension Occurrence {
    /// The wall time with the zone's offset, `2021-02-09T20:00:00+08:00`.
    public var iso8601: String {
        let offsetMinutes = abs(utcOffset) / 60
        return "\(local.date)T\(local.time):00" + (utcOffset < 0 ? "-" : "+")
            + twoDigits(offsetMinutes / 60) + ":" + twoDigits(offsetMinutes % 60)
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
