/// A phone number as it may be printed: the first three and last four digits
/// of the national number, the rest as `*` (`138****5678`, `+86138****5678`).
/// Anything too short to keep those shows only its last two characters.
public func maskedPhone(_ number: String) -> String {
    let characters = Array(number)
    let prefixLength: Int
    if number.hasPrefix("+86") {
        prefixLength = 3
    } else if number.hasPrefix("+") {
        prefixLength = 1
    } else {
        prefixLength = 0
    }
    let prefix = String(characters[..<prefixLength])
    let national = Array(characters[prefixLength...])
    guard national.count >= 8 else {
        let shown = min(2, national.count / 2)
        return prefix + String(repeating: "*", count: national.count - shown) + String(national.suffix(shown))
    }
    return prefix + String(national.prefix(3)) + String(repeating: "*", count: national.count - 7) + String(national.suffix(4))
}
