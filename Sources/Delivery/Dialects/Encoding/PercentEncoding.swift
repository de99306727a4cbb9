/// Percent-encoding for query strings and form bodies. Only RFC 3986 unreserved
/// characters stay as they are; everything else, UTF-8 included, becomes `%XX`
/// (a space is `%20`, which every form and query parser reads, unlike `+` in paths).
enum PercentEncoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String, keeping keep: (UInt8) -> Bool = isUnreserved) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        append(text, to: &out, keeping: keep)
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ text: String, to out: inout [UInt8], keeping keep: (UInt8) -> Bool = isUnreserved) {
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
    }

    /// Encodes only what an HTTP header value cannot hold (controls and non-ASCII),
    /// leaving a URL's own `%`, `?` and `&` alone.
    static func encodeNonPrintable(_ text: String) -> String {
        encode(text) { $0 > 0x20 && $0 < 0x7F }
    }

    /// `name=value&…` with both sides encoded, in the given order.
    /// Written into one buffer: every SMS request goes through this, and a string
    /// per field and per pair cost more than the encoding itself.
    static func form(_ fields: [(name: String, value: String)]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + 3 * $1.value.utf8.count + 2 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            append(field.name, to: &out)
            out.append(UInt8(ascii: "="))
            append(field.value, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends encoded fields to a URL that may already carry a query.
    static func appending(_ fields: [(name: String, value: String)], to url: String) -> String {
        guard !fields.isEmpty else { return url }
        let separator = url.utf8.contains(UInt8(ascii: "?")) ? (url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&") : "?"
        return url + separator + form(fields)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
