import Foundation

/// A gateway's `price 0.045 CNY`: what one SMS segment costs there, in the
/// currency as written. For the rehearsal's and `check`'s cost figures only:
/// broadcastd never bills anyone.
public struct SegmentPrice: Hashable, Sendable, CustomStringConvertible {
    /// The amount as written (`0.045`), so a report repeats the contract's figure.
    public var amount: String
    /// `CNY`, `USD`, …: a word, not checked against a list.
    public var currency: String

    public init(amount: String, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// The amount in millionths, exact: costs are summed in integers, so 91 segments
    /// at 0.045 cost 4.095 and round to 4.10, not to a binary fraction's 4.09.
    public var millionths: Int64 {
        let parts = amount.split(separator: ".", maxSplits: 1)
        let whole = Int64(parts[0]) ?? 0
        let decimals = parts.count > 1 ? String(parts[1]) : ""
        return whole * 1_000_000 + (Int64(decimals.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0)
    }

    public var description: String { "\(amount) \(currency)" }

    /// `price 0.045 CNY`: a non-negative decimal with at most six decimals, then a currency word.
    static func parse(amount: String, currency: String?) -> SegmentPrice? {
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || parts[1].count <= 6, let currency,
              !currency.isEmpty, currency.allSatisfy({ $0.isLetter }) else { return nil }
        return SegmentPrice(amount: amount, currency: currency)
    }
}
