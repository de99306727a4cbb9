/// The country calling code that numbers written without one belong to: the
/// campaign's `country`, `+86` (mainland China) unless it says otherwise.
/// Written as an ISO 3166 code from `CallingCode.byISOCode` (`CN`, `hk`) or as
/// the digits themselves (`+852`, `852`).
public struct CallingCode: Hashable, Sendable, CustomStringConvertible {
    /// One to three digits, without `+`.
    public let digits: String

    public static let china = CallingCode(validDigits: "86")

    /// The regions a campaign about public awareness is likely to reach, and
    /// the large calling-code areas; other countries are written by their digits.
    public static let byISOCode: [String: String] = [
        "CN": "86", "HK": "852", "MO": "853", "TW": "886", "SG": "65", "MY": "60", "JP": "81", "KR": "82",
        "TH": "66", "VN": "84", "PH": "63", "ID": "62", "IN": "91", "RU": "7", "KZ": "7", "US": "1", "CA": "1",
        "GB": "44", "DE": "49", "FR": "33", "IT": "39", "ES": "34", "NL": "31", "AU": "61", "NZ": "64",
    ]

    private init(validDigits: String) { digits = validDigits }

    /// `CN`, `cn`, `+86` or `86`; nil for anything else.
    public init?(_ text: String) {
        if let known = Self.byISOCode[text.uppercased()] {
            digits = known
            return
        }
        let number = text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard (1...3).contains(number.count), number.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              !number.hasPrefix("0") else { return nil }
        digits = number
    }

    public var description: String { "+" + digits }
}
