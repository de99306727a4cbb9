/// Compares a presented token with the configured one in time that does not
/// depend on where they differ, so response timing leaks nothing about it.
enum TokenComparison {
    static func equal(_ presented: String, _ expected: String) -> Bool {
        let a = Array(presented.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<b.count {
            difference |= (index < a.count ? a[index] : 0) ^ b[index]
        }
        return difference == 0 && !b.isEmpty
    }
}
