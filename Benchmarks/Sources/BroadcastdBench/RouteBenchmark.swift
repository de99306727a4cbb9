import DaemonConfig
import DispatchRules
import Foundation
import LineLanguage

/// What routing adds per delivery: `Router.choose` (the longest-prefix lookup
/// over the carrier table, the share's hash, the circuit check) for a million
/// mainland numbers spread over every carrier's blocks, through the shipped
/// example's kind of route (three carriers, a 70/30 share, a fallback).
public struct RouteBenchmark: Sendable {
    public var numbers: Int

    public init(numbers: Int = 1_000_000) {
        self.numbers = numbers
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var numbers: Int
        public var seconds: Double
        public var chosen: [String: Int]

        public var nanosecondsPerNumber: Double { seconds * 1e9 / Double(max(1, numbers)) }

        public var description: String {
            let shares = chosen.keys.sorted().map { "\($0) \(chosen[$0] ?? 0)" }.joined(separator: ", ")
            return [
                "route:     \(numbers) numbers through Router.choose in \(String(format: "%.3f", seconds)) s",
                "per number: \(String(format: "%.0f", nanosecondsPerNumber)) ns",
                "chosen:    \(shares)",
            ].joined(separator: "\n")
        }
    }

    public func run() -> Report {
        let here = SourceLocation(file: "bench", line: 1, column: 1)
        func tier(_ shares: [(String, Int)]) -> [RouteConfiguration.Share] {
            shares.map { RouteConfiguration.Share(gateway: $0.0, weight: $0.1, location: here) }
        }
        let route = RouteConfiguration(name: "carriers", rules: [
            .init(match: .carrier(.chinaMobile), tiers: [tier([("cm-a", 70), ("cm-b", 30)]), tier([("agg", 1)])], location: here),
            .init(match: .carrier(.chinaUnicom), tiers: [tier([("cu", 1)]), tier([("agg", 1)])], location: here),
            .init(match: .carrier(.chinaTelecom), tiers: [tier([("ct", 1)]), tier([("agg", 1)])], location: here),
            .init(match: .other, tiers: [tier([("agg", 1)])], location: here),
        ], location: here)
        let blocks = Carrier.allCases.flatMap(\.prefixes)
        let list = (0..<numbers).map { index -> String in
            let prefix = blocks[index % blocks.count]
            let rest = String(100_000_000 + index * 7_919 % 100_000_000)
            return "+" + prefix + rest.suffix(13 - prefix.count)
        }
        var router = Router(routes: [route])
        var chosen: [String: Int] = [:]
        let clock = ContinuousClock()
        let start = clock.now
        for number in list {
            if let choice = router.choose(number: number, route: "carriers", now: 0) { chosen[choice.gateway, default: 0] += 1 }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Report(numbers: numbers, seconds: seconds, chosen: chosen)
    }
}
