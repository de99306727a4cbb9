import LineLanguage

/// A `route NAME` block: which SMS gateways take a number, in what order of
/// preference, and which answers mean "not my number". A region's `via NAME`
/// and a campaign's `sms-gateway` may name a route where they name a gateway.
/// Routes name gateways only: they do not nest.
public struct RouteConfiguration: Hashable, Sendable {
    /// What numbers a line takes.
    public enum Match: Hashable, Sendable {
        /// The carrier's blocks from the built-in table (`Carrier`).
        case carrier(Carrier)
        /// Digits of E.164 after `+`: a calling code (`852`) or a block (`86134`).
        case prefix(String)
        /// Every number no other line takes.
        case other
    }

    /// One gateway of a tier and its share of the tier's traffic: a percentage, or 1 each when the tier gives none.
    public struct Share: Hashable, Sendable {
        public var gateway: String
        public var weight: Int
        public var location: SourceLocation

        public init(gateway: String, weight: Int, location: SourceLocation) {
            self.gateway = gateway
            self.weight = weight
            self.location = location
        }
    }

    /// `carrier china-mobile cm-a 70%, cm-b 30% then agg-gw`: the tiers in order
    /// of preference; a number goes to one gateway of the first tier by share,
    /// then to the tier's others, then to the next tier's.
    public struct Rule: Hashable, Sendable {
        public var match: Match
        public var tiers: [[Share]]
        public var location: SourceLocation

        public init(match: Match, tiers: [[Share]], location: SourceLocation) {
            self.match = match
            self.tiers = tiers
            self.location = location
        }

        public var gateways: [String] { tiers.flatMap { $0.map(\.gateway) } }
    }

    /// An answer that means the gateway does not serve this number (a ported
    /// number, a block outside its contract): the delivery moves on at once.
    public enum Refusal: Hashable, Sendable {
        /// The HTTP status of the answer.
        case status(Int)
        /// Text the answer's body contains, compared case-insensitively.
        case text(String)
    }

    public var name: String
    public var rules: [Rule]
    public var refusals: [Refusal]
    public var location: SourceLocation

    public init(name: String, rules: [Rule], refusals: [Refusal] = [], location: SourceLocation) {
        self.name = name
        self.rules = rules
        self.refusals = refusals
        self.location = location
    }

    /// Every gateway the route names, each once, in the order written.
    public var gateways: [String] {
        var seen: Set<String> = []
        return rules.flatMap(\.gateways).filter { seen.insert($0).inserted }
    }
}
