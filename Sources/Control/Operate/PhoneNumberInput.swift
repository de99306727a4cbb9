import Plan

/// A phone number as an operator types it, in the E.164 form the recipient
/// lists and the opt-out table hold: `+8613812345678`, read by the same rules
/// as the recipient lists (a bare mobile number is Chinese, +86). Errors show
/// the number masked.
enum PhoneNumberInput {
    static func normalized(_ text: String) throws -> String {
        switch PhoneNumber.parse(Array(text.utf8)) {
        case .success(let number): return number.e164
        case .failure: throw invalid(text)
        }
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
