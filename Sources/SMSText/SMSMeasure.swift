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
