/// Percent-encoding for query strings and form bodies. Only RFC 3986 unreserved
/// characters stay as they are; everything else, UTF-8 included, becomes `%XX`
/// (a space is `%20`, which every form and query parser reads, unlike `+` in paths).
///
/// Every SMS request goes through `appending` or `form`, so they measure the
/// result first and write it once into the string's own storage: no buffer
/// per field, no copy of the whole at the end.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        encode(text, keeping: isUnreserved)
    }

    /// Encodes only what an HTTP header value cannot hold (controls and non-ASCII),
    /// leaving a URL's own `%`, `?` and `&` alone.
    static func encodeNonPrintable(_ text: String) -> String {
        encode(text) { $0 > 0x20 && $0 < 0x7F }
    }

    /// `name=value&…` with both sides encoded, in the given order.
    static func form(_ fields: [(name: String, value: String)]) -> String {
        query(after: "", separator: nil, fields)
    }

    /// Appends encoded fields to a URL that may already carry a query.
    static func appending(_ fields: [(name: String, value: String)], to url: String) -> String {
        guard !fields.isEmpty else { return url }
        let separator: UInt8? = url.utf8.contains(UInt8(ascii: "?"))
            ? (url.hasSuffix("?") || url.hasSuffix("&") ? nil : UInt8(ascii: "&"))
            : UInt8(ascii: "?")
        return query(after: url, separator: separator, fields)
    }

    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: encodedCount(bytes, keeping: keep)) { out in
                write(bytes, to: out, at: 0, keeping: keep)
            }
        }
    }

    /// `prefix`, then `separator` if any, then the encoded fields.
    private static func query(after prefix: String, separator: UInt8?, _ fields: [(name: String, value: String)]) -> String {
        var prefix = prefix
        var fields = fields
        var count = prefix.utf8.count + (separator == nil ? 0 : 1) + 2 * fields.count - (fields.isEmpty ? 0 : 1)
        for index in fields.indices {
            count += fields[index].name.withUTF8 { encodedCount($0, keeping: isUnreserved) }
            count += fields[index].value.withUTF8 { encodedCount($0, keeping: isUnreserved) }
        }
        return prefix.withUTF8 { prefixBytes in
            String(unsafeUninitializedCapacity: count) { out in
                var at = out.initialize(from: prefixBytes).index
                if let separator {
                    out[at] = separator
                    at += 1
                }
                for index in fields.indices {
                    if index > 0 {
                        out[at] = UInt8(ascii: "&")
                        at += 1
                    }
                    at = fields[index].name.withUTF8 { write($0, to: out, at: at, keeping: isUnreserved) }
                    out[at] = UInt8(ascii: "=")
                    at += 1
                    at = fields[index].value.withUTF8 { write($0, to: out, at: at, keeping: isUnreserved) }
                }
                return at
            }
        }
    }

    @inline(__always)
    private static func encodedCount(_ bytes: UnsafeBufferPointer<UInt8>, keeping keep: (UInt8) -> Bool) -> Int {
        var count = bytes.count
        for byte in bytes where !keep(byte) { count += 2 }
        return count
    }

    /// Writes `bytes` encoded into `out` from `start`; returns the index after the last byte written.
    @inline(__always)
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int,
                              keeping keep: (UInt8) -> Bool) -> Int {
        var at = start
        for byte in bytes {
            if keep(byte) {
                out[at] = byte
                at += 1
            } else {
                out[at] = UInt8(ascii: "%")
                out[at + 1] = hexDigit(byte >> 4)
                out[at + 2] = hexDigit(byte & 0x0F)
                at += 3
            }
        }
        return at
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    @inline(__always)
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
