/// What a text contributes to an SMS's size, additive over concatenation, so a
/// message rendered for a hundred regions is measured from its pieces instead of
/// re-scanning each rendered text.
public struct SMSTextMetrics: Hashable, Sendable {
    /// nil when some character is outside GSM-7.
    public var septets: Int?
    public var hasExtendedCharacters: Bool
    public var utf16Units: Int
    public var hasSurrogatePairs: Bool

    public static let empty = SMSTextMetrics(septets: 0, hasExtendedCharacters: false, utf16Units: 0, hasSurrogatePairs: false)

    public init(septets: Int?, hasExtendedCharacters: Bool, utf16Units: Int, hasSurrogatePairs: Bool) {
        self.septets = septets
        self.hasExtendedCharacters = hasExtendedCharacters
        self.utf16Units = utf16Units
        self.hasSurrogatePairs = hasSurrogatePairs
    }

    public init(_ text: String) {
        var septets: Int? = 0
        var hasExtended = false
        var utf16Units = 0
        var hasPairs = false
        for scalar in text.unicodeScalars {
            let width = UTF16.width(scalar)
            utf16Units += width
            hasPairs = hasPairs || width == 2
            if let known = septets, let gsm = GSMAlphabet.septets(scalar) {
                septets = known + gsm
                hasExtended = hasExtended || gsm == 2
            } else {
                septets = nil
            }
        }
        self.init(septets: septets, hasExtendedCharacters: hasExtended, utf16Units: utf16Units, hasSurrogatePairs: hasPairs)
    }

    public static func + (lhs: SMSTextMetrics, rhs: SMSTextMetrics) -> SMSTextMetrics {
        let septets: Int? = if let left = lhs.septets, let right = rhs.septets { left + right } else { nil }
        return SMSTextMetrics(septets: septets,
                              hasExtendedCharacters: lhs.hasExtendedCharacters || rhs.hasExtendedCharacters,
                              utf16Units: lhs.utf16Units + rhs.utf16Units,
                              hasSurrogatePairs: lhs.hasSurrogatePairs || rhs.hasSurrogatePairs)
    }

    public var encoding: SMSEncoding { septets == nil ? .ucs2 : .gsm7 }

    /// The measure, or nil when a two-unit character in a split text means
    /// only packing the real text can tell where the parts break.
    public var measure: SMSMeasure? {
        let encoding = encoding
        let units = septets ?? utf16Units
        if units <= encoding.singleLimit { return SMSMeasure(encoding: encoding, units: units, segments: 1) }
        let hasWide = encoding == .gsm7 ? hasExtendedCharacters : hasSurrogatePairs
        if hasWide { return nil }
        let segments = (units + encoding.partLimit - 1) / encoding.partLimit
        return SMSMeasure(encoding: encoding, units: units, segments: segments)
    }
}
