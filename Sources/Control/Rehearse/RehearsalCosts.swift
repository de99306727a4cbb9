import DaemonConfig
import Rehearsal
import TextFormat

/// What the rehearsed SMS cost at the gateways' `price`s: segments handed
/// over for the people sent, times the gateway's price per segment, in its
/// currency. A route's row costs what each of its gateways carried at that
/// gateway's price. A destination without a price (an endpoint, a gateway
/// without `price`, a route with a gateway that has none or with gateways
/// priced in different currencies) has no cost, and the reports say "-" or null.
struct RehearsalCosts {
    var prices: [String: SegmentPrice]

    init(_ configuration: DaemonConfiguration?) {
        prices = Dictionary((configuration?.gateways ?? []).compactMap { gateway in gateway.price.map { (gateway.name, $0) } },
                            uniquingKeysWith: { first, _ in first })
    }

    /// In millionths of the currency, exact.
    func cost(of row: RehearsalRow) -> (amount: Int64, currency: String)? {
        if let price = prices[row.destination], let segments = row.segmentsSent {
            return (Int64(segments) * price.millionths, price.currency)
        }
        guard let segments = row.segments, !row.sentByGateway.isEmpty else { return nil }
        var amount: Int64 = 0
        var currency: String?
        for (gateway, sent) in row.sentByGateway where sent > 0 {
            guard let price = prices[gateway], currency == nil || currency == price.currency else { return nil }
            currency = price.currency
            amount += Int64(sent * segments) * price.millionths
        }
        return currency.map { (amount, $0) }
    }

    /// Per currency, in the order the currencies are named: `1,234.57 CNY`.
    func totals(_ rehearsal: Rehearsal) -> [String] {
        var sums: [String: Int64] = [:]
        for row in rehearsal.rows { if let cost = cost(of: row) { sums[cost.currency, default: 0] += cost.amount } }
        return sums.keys.sorted().map { Self.text(sums[$0]!, currency: $0) }
    }

    /// Two decimals, half up, the whole part grouped: `2,033,488.57 CNY`.
    static func text(_ millionths: Int64, currency: String) -> String {
        decimal(millionths, grouped: true) + " " + currency
    }

    /// `4.10`, or `2,033,488.57` grouped.
    static func decimal(_ millionths: Int64, grouped: Bool = false) -> String {
        let cents = (millionths + 5_000) / 10_000
        let fraction = cents % 100
        let whole = cents / 100
        return (grouped ? whole.groupedDigits : String(whole)) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
