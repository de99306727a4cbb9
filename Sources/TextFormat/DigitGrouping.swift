import Foundation

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

extension BinaryInteger {
    /// `950`, `12k`, `540k`, `1.2M`, `45M`: a count in three or four characters,
    /// for a calendar cell or a chart label where the exact figure is a table away.
    public var compactFigure: String {
        let value = Double(self)
        let magnitude = abs(value)
        func scaled(_ unit: Double, _ suffix: String) -> String {
            let figure = value / unit
            return (abs(figure) < 10 ? String(format: "%.1f", figure) : String(Int(figure.rounded()))) + suffix
        }
        if magnitude < 1_000 { return String(self) }
        if magnitude < 999_500 { return scaled(1_000, "k") }
        if magnitude < 999_500_000 { return scaled(1_000_000, "M") }
        return scaled(1_000_000_000, "G")
    }
}
