import DaemonConfig

/// The rehearsal's people have no phone numbers (a list's count, a region's
/// `people N`), so a route's `carrier` and `prefix` lines would match none of
/// them and every one would take its `other` line. Instead, each person of a
/// broadcast through a route gets a stand-in number on one of the route's
/// lines, in proportion to what the line's first gateways can carry: the spread
/// under which `Rehearsal.capacity` adds the route's gateways up. The daemon's
/// own router then picks the gateway from the stand-in, shares and all.
///
/// People go to lines in turn, interleaved by weight (smooth weighted round
/// robin: 2:1:1 gives a b a c, not a a b c) and starting at a place that
/// depends on the region, so each line's share holds at every point of a
/// broadcast and even a list of a few people is spread, not sent to the first line.
struct StandInNumbers {
    /// E.164 digits each line's stand-ins start with; nil for `other`.
    private let slots: [String?]

    init?(route: RouteConfiguration, capacity: (String) -> Double?) {
        var lines: [(prefix: String?, weight: Int)] = []
        for rule in route.rules {
            let prefix: String?
            switch rule.match {
            case .carrier(let carrier): prefix = carrier.prefixes.first
            case .prefix(let digits): prefix = digits
            case .other: prefix = nil
            }
            // A share per 10/s of the first tier, at least one: weights stay small and a slow line still gets its turn.
            let perSecond = rule.tiers.first?.compactMap { capacity($0.gateway) }.reduce(0, +) ?? 0
            lines.append((prefix, max(1, Int((perSecond / 10).rounded()))))
        }
        guard !lines.isEmpty else { return nil }
        let total = lines.map(\.weight).reduce(0, +)
        var current = lines.map { _ in 0 }
        var slots: [String?] = []
        for _ in 0..<total {
            for index in lines.indices { current[index] += lines[index].weight }
            let next = current.indices.max { current[$0] < current[$1] || (current[$0] == current[$1] && $0 > $1) }!
            current[next] -= total
            slots.append(lines[next].prefix)
        }
        self.slots = slots
    }

    /// The `person`th stand-in of `region`: a number of its line's block,
    /// distinct per person, or the region and position for the `other` line.
    func number(person: Int, region: String) -> String {
        // FNV-1a of the region's name: the same start in every run.
        let start = region.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        guard let prefix = slots[Int((UInt64(person) &+ start) % UInt64(slots.count))] else { return "\(region)#\(person)" }
        // Mainland numbers have 11 digits after 86; elsewhere 12 digits in all will do.
        let room = max(1, (prefix.hasPrefix("86") ? 13 : 12) - prefix.count)
        let tail = String(String(person).suffix(room))
        return "+" + prefix + String(repeating: "0", count: room - tail.count) + tail
    }
}
