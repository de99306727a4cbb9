import DaemonConfig

/// One route compiled for lookups: every prefix its lines take (carriers
/// expanded from the built-in table), so a number finds its line by its
/// longest matching prefix, and `other` takes the rest. A `prefix` line wins
/// over a carrier's block of the same length: it was written for that block.
package struct RouteTable: Sendable {
    package let name: String
    package let refusals: [RouteConfiguration.Refusal]
    /// Every gateway the route names, each once.
    package let gatewayNames: [String]
    private let rules: [RouteConfiguration.Rule]
    /// Prefix digits (E.164 without `+`) as a number and its length → index into
    /// `rules`: a lookup per length without building a string (this runs per send).
    private let prefixes: [PrefixKey: Int]
    private let longest: Int
    private let other: Int?

    package init(_ route: RouteConfiguration) {
        name = route.name
        refusals = route.refusals
        gatewayNames = route.gateways
        rules = route.rules
        var prefixes: [PrefixKey: Int] = [:]
        for (index, rule) in route.rules.enumerated() {
            if case .carrier(let carrier) = rule.match {
                for prefix in carrier.prefixes { PrefixKey(prefix).map { prefixes[$0] = index } }
            }
        }
        for (index, rule) in route.rules.enumerated() {
            if case .prefix(let digits) = rule.match { PrefixKey(digits).map { prefixes[$0] = index } }
        }
        self.prefixes = prefixes
        longest = prefixes.keys.map { Int($0.length) }.max() ?? 0
        other = route.rules.firstIndex { $0.match == .other }
    }

    /// The line that takes `number` (E.164), nil when none does.
    package func rule(for number: String) -> RouteConfiguration.Rule? {
        // Every prefix of the number as a (value, length) key, longest first.
        var keys: [PrefixKey] = []
        keys.reserveCapacity(longest)
        var value: UInt64 = 0
        for byte in number.utf8 where byte != UInt8(ascii: "+") {
            guard keys.count < longest, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { break }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            keys.append(PrefixKey(value: value, length: UInt8(keys.count + 1)))
        }
        for key in keys.reversed() {
            if let index = prefixes[key] { return rules[index] }
        }
        return other.map { rules[$0] }
    }

    /// The gateways for `number` in the order to try them: one of the first tier
    /// chosen by share, the same one for the same number every time (a retry
    /// keeps its gateway), then the tier's others, then each later tier alike.
    /// Empty when no line takes the number.
    package func order(for number: String) -> [String] {
        guard let rule = rule(for: number) else { return [] }
        let hash = Self.stableHash(number)
        return rule.tiers.flatMap { tier -> [String] in
            let total = tier.reduce(0) { $0 + $1.weight }
            guard tier.count > 1, total > 0 else { return tier.map(\.gateway) }
            var point = Int(hash % UInt64(total))
            let chosen = tier.firstIndex { share in
                defer { point -= share.weight }
                return point < share.weight
            } ?? 0
            return [tier[chosen].gateway] + tier.enumerated().filter { $0.offset != chosen }.map(\.element.gateway)
        }
    }

    /// Whether an answer means "not my number" to this route.
    package func refuses(status: Int?, body: String) -> Bool {
        Self.refuses(refusals, status: status, body: body)
    }

    static func refuses(_ refusals: [RouteConfiguration.Refusal], status: Int?, body: String) -> Bool {
        refusals.contains { refusal in
            switch refusal {
            case .status(let code): return status == code
            case .text(let text): return body.lowercased().contains(text.lowercased())
            }
        }
    }

    /// FNV-1a over the number's bytes, then mixed: the same on every run and
    /// every machine (Swift's `Hasher` is seeded per process), so a restart
    /// keeps every number on its share.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}

/// A prefix of digits as a number and its length: `86`, `086` differ by length.
struct PrefixKey: Hashable, Sendable {
    var value: UInt64
    var length: UInt8

    init(value: UInt64, length: UInt8) {
        self.value = value
        self.length = length
    }

    /// nil for text that is not 1–19 ASCII digits.
    init?(_ digits: String) {
        guard (1...19).contains(digits.utf8.count) else { return nil }
        var value: UInt64 = 0
        for byte in digits.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        self.init(value: value, length: UInt8(digits.utf8.count))
    }
}
