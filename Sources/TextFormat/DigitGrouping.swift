extension BinaryInteger {
    /// `4,500`, `-1,204,000`: thousands separated by commas, as every report
    /// prints counts. Not locale-dependent on purpose: the same campaign's plan
    /// must read the same on the planner's laptop and in the server's journal.
    public var groupedDigits: String {
        let digits = String(magnitude)
        var result = ""
        result.reserveCapacity(digits.count + digits.count / 3 + 1)
        if self < 0 { result.append("-") }
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
