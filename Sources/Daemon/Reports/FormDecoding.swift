/// `application/x-www-form-urlencoded` and URL queries, read leniently: a field
/// without `=` is an empty value, a broken `%` escape is kept as written, bytes
/// that are not UTF-8 become U+FFFD. The first occurrence of a name wins.
enum FormDecoding {
    static func fields(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(parts[0], plusIsBlank: true)
            if fields[name] == nil {
                fields[name] = parts.count == 2 ? percentDecoded(parts[1], plusIsBlank: true) : ""
            }
        }
        return fields
    }

    static func fields(_ body: [UInt8]) -> [String: String] {
        fields(Substring(String(decoding: body, as: UTF8.self)))
    }

    static func percentDecoded(_ text: Substring, plusIsBlank: Bool) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
                continue
            }
            bytes.append(plusIsBlank && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
