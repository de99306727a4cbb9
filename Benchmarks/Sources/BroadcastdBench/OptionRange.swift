import ArgumentParser

/// The one way commands refuse a number outside what they can sensibly run.
func requireOption(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound)")
    }
}
