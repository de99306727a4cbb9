/// The GSM 03.38 default alphabet, as Unicode scalars. A basic character is
/// one septet; an extension character is sent as ESC plus a septet, so two.
enum GSMAlphabet {
    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)

    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets for one scalar, nil when the scalar has no GSM-7 form.
    static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.value < 128 {
            return asciiSeptets[Int(scalar.value)] == 0 ? nil : Int(asciiSeptets[Int(scalar.value)])
        }
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    /// ASCII is nearly all of real GSM text, so it skips the set lookups: 0 means not in GSM-7.
    private static let asciiSeptets: [UInt8] = (0..<128).map { value in
        let scalar = Unicode.Scalar(UInt8(value))
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return 0
    }
}
