import DaemonConfig
import Outbox
import Plan
import Schedule

/// What a parsed report means for the opt-out table. Pure: the service applies it.
public enum ReportDecision: Hashable, Sendable {
    /// Opt this E.164 number out; `source` is `reply` or `report`.
    case optOut(phone: String, source: String)
    /// Nothing to do; the reason is for the debug log.
    case ignore(String)
    /// The report names a number that is not one; the reason never quotes it.
    case malformed(String)

    public static let replySource = "reply"

    /// The settings the decision reads: from broadcastd.conf, fixed until a restart.
    public struct Rules: Sendable {
        public var keywords: OptOutKeywords
        /// Per gateway, its `unsubscribe-status` words, upper-cased.
        public var unsubscribeStatuses: [String: Set<String>]

        public init(keywords: OptOutKeywords, unsubscribeStatuses: [String: [String]]) {
            self.keywords = keywords
            self.unsubscribeStatuses = unsubscribeStatuses.mapValues { Set($0.map { $0.uppercased() }) }
        }

        public init(configuration: DaemonConfiguration) {
            self.init(keywords: configuration.optOutKeywords,
                      unsubscribeStatuses: Dictionary(configuration.gateways.map { ($0.name, $0.unsubscribeStatuses) },
                                                      uniquingKeysWith: { first, _ in first }))
        }
    }

    /// `country` reads a reply's sender written without a calling code. A delivery
    /// report's recipient is the E.164 number we put in the callback URL ourselves.
    public static func decide(_ report: InboundReport, rules: Rules, country: CallingCode) -> ReportDecision {
        switch report {
        case .reply(let reply):
            guard rules.keywords.matches(reply.text) else { return .ignore("a reply that is not an opt-out keyword") }
            return phone(reply.sender, country: country).map { .optOut(phone: $0, source: replySource) }
                ?? .malformed("the reply's sender is not a phone number")
        case .deliveryReport(let dlr):
            guard let codes = rules.unsubscribeStatuses[dlr.gateway] else {
                return .ignore("a delivery report for a gateway not in broadcastd.conf")
            }
            guard dlr.statuses.contains(where: { codes.contains($0.uppercased()) }) else {
                return .ignore("a delivery report that is not an unsubscribe")
            }
            let written = dlr.recipient.allSatisfy { $0.isASCII && $0.isNumber } ? "+" + dlr.recipient : dlr.recipient
            return phone(written, country: country).map { .optOut(phone: $0, source: OptOut.reportSource) }
                ?? .malformed("the report's recipient is not a phone number")
        }
    }

    private static func phone(_ text: String, country: CallingCode) -> String? {
        // Blanks around or inside the number are separators to the parser (a `+` that a
        // query string turned into a blank included).
        guard case .success(let number) = PhoneNumber.parse(Array(text.utf8), country: country) else { return nil }
        return number.e164
    }
}
