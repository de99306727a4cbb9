/// How an SMS text travels: GSM-7 when every character is in the GSM 03.38
/// alphabet, otherwise UCS-2 (all Chinese text).
public enum SMSEncoding: String, Hashable, Sendable, CustomStringConvertible {
    case gsm7 = "GSM-7"
    case ucs2 = "UCS-2"

    /// Units that fit in a single, unsplit message.
    public var singleLimit: Int { self == .gsm7 ? 160 : 70 }
    /// Units per part once split: the rest of the 140 bytes carry the concatenation header.
    public var partLimit: Int { self == .gsm7 ? 153 : 67 }

    public var description: String { rawValue }
}

/// The size of one SMS text: its encoding, its length in that encoding's units
/// (septets for GSM-7, UTF-16 units for UCS-2) and the segments it is sent as.
/// A character that takes two units (a GSM-7 extension character such as `€`,
/// an emoji's surrogate pair) is never split across parts, so a part may hold
/// one unit fewer than `partLimit`.
public struct SMSMeasure: Hashable, Sendable {
    public var encoding: SMSEncoding
    public var units: Int
    public var segments: Int

    public init(encoding: SMSEncoding, units: Int, segments: Int) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
    }

    public init(_ text: String) {
        let metrics = SMSTextMetrics(text)
        self = metrics.measure ?? SMSMeasure.splitting(text, by: metrics.encoding)
    }

    /// Packs characters into parts one by one, the way a gateway splits them.
    private static func splitting(_ text: String, by encoding: SMSEncoding) -> SMSMeasure {
        var units = 0
        var segments = 1
        var used = 0
        for scalar in text.unicodeScalars {
            let width = encoding == .gsm7 ? GSMAlphabet.septets(scalar) ?? 1 : UTF16.width(scalar)
            if used + width > encoding.partLimit {
                segments += 1
                used = 0
            }
            used += width
            units += width
        }
        return SMSMeasure(encoding: encoding, units: units, segments: units <= encoding.singleLimit ? 1 : segments)
    }
}

/// What a text contributes to an SMS's size, additive over concatenation, so a
/// message rendered for a hundred regions is measured from its pieces instead of
/// re-scanning each rendered text.
struct SMSTextMetrics: Hashable, Sendable {
    /// nil when some character is outside GSM-7.
    var septets: Int?
    var hasExtendedCharacters: Bool
    var utf16Units: Int
    var hasSurrogatePairs: Bool

    static let empty = SMSTextMetrics(septets: 0, hasExtendedCharacters: false, utf16Units: 0, hasSurrogatePairs: false)

    init(septets: Int?, hasExtendedCharacters: Bool, utf16Units: Int, hasSurrogatePairs: Bool) {
        self.septets = septets
        self.hasExtendedCharacters = hasExtendedCharacters
        self.utf16Units = utf16Units
        self.hasSurrogatePairs = hasSurrogatePairs
    }

    init(_ text: String) {
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

    static func + (lhs: SMSTextMetrics, rhs: SMSTextMetrics) -> SMSTextMetrics {
        let septets: Int? = if let left = lhs.septets, let right = rhs.septets { left + right } else { nil }
        return SMSTextMetrics(septets: septets,
                              hasExtendedCharacters: lhs.hasExtendedCharacters || rhs.hasExtendedCharacters,
                              utf16Units: lhs.utf16Units + rhs.utf16Units,
                              hasSurrogatePairs: lhs.hasSurrogatePairs || rhs.hasSurrogatePairs)
    }

    var encoding: SMSEncoding { septets == nil ? .ucs2 : .gsm7 }

    /// The measure, or nil when a two-unit character in a split text means
    /// only packing the real text can tell where the parts break.
    var measure: SMSMeasure? {
        let encoding = encoding
        let units = septets ?? utf16Units
        if units <= encoding.singleLimit { return SMSMeasure(encoding: encoding, units: units, segments: 1) }
        let hasWide = encoding == .gsm7 ? hasExtendedCharacters : hasSurrogatePairs
        if hasWide { return nil }
        let segments = (units + encoding.partLimit - 1) / encoding.partLimit
        return SMSMeasure(encoding: encoding, units: units, segments: segments)
    }
}
