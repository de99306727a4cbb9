/// Whether a text fits the GSM 03.38 default alphabet (with its extension table),
/// which is what decides between 7-bit coding and UCS-2 for an SMS.
/// Scalars, not Characters: "\r\n" is one Character but two GSM codes.
enum GSM7 {
    private static let basic = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    /// Reached through the escape code; each costs two septets but needs no UCS-2.
    private static let extensionTable = Set("^{}\\[~]|€\u{0C}".unicodeScalars)

    static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { basic.contains($0) || extensionTable.contains($0) }
    }
}
