/// A phone number as an operator types it, in the E.164 form the recipient
/// lists and the opt-out table hold: `+8613812345678`. A bare 11-digit mobile
/// number (`13812345678`) is taken as Chinese (+86), the campaign's default;
/// `0086…` and `86…` are read as +86. Errors show the number masked.
enum PhoneNumberInput {
    static func normalized(_ text: String) throws -> String {
        let compact = text.filter { !" -().".contains($0) }
        let digits: Substring
        let international: Bool
        if compact.hasPrefix("+") {
            digits = compact.dropFirst()
            international = true
        } else if compact.hasPrefix("00") {
            digits = compact.dropFirst(2)
            international = true
        } else {
            digits = Substring(compact)
            international = false
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { throw invalid(text) }
        if international {
            guard (8...15).contains(digits.count), digits.first != "0" else { throw invalid(text) }
            return "+" + digits
        }
        if digits.count == 11, digits.first == "1" { return "+86" + digits }
        if digits.count == 13, digits.hasPrefix("861") { return "+" + digits }
        throw invalid(text)
    }

    private static func invalid(_ text: String) -> OperateError {
        OperateError("'\(maskedInput(text))' is not a phone number; expected E.164 like +8613812345678, or an 11-digit mobile number")
    }

    /// Enough to recognise a typo without printing the number.
    private static func maskedInput(_ text: String) -> String {
        guard text.count > 2 else { return String(repeating: "*", count: text.count) }
        let shownStart = text.count > 8 ? 3 : 0
        return String(text.prefix(shownStart)) + String(repeating: "*", count: text.count - shownStart - 2) + String(text.suffix(2))
    }
}
