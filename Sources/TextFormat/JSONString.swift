/// The one JSON string writer, for the three places that write JSON by hand
/// because they are hot or because no Encodable fits: webhook bodies (per
/// delivery), `plan --json` lines (millions), and secrets filled into a
/// configured JSON body. Non-ASCII text stays UTF-8, so Chinese reads as Chinese;
/// control characters, U+2028 and U+2029 (which break JavaScript consumers) are escaped.
public enum JSONString {
    /// `text` as a quoted JSON string literal, appended to `out`.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        appendEscaped(text, to: &out)
        out += "\""
    }

    /// The inside of a JSON string literal, without the quotes.
    public static func escaped(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out
    }

    public static func appendEscaped(_ text: String, to out: inout String) {
        // Most texts need no escaping at all: one scan of the UTF-8 bytes decides.
        // U+2028/9 are E2 80 A8/A9 in UTF-8, so 0xE2 sends a text the slow way.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) else {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
    }
}
