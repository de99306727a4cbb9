/// Reads an `http-json` body template: one JSON object whose values are strings,
/// keys in the order written (the order `GenericHTTP` sends them in). Errors
/// describe the shape, never quote the text, which may hold a secret.
///
/// The one reader of `json` bodies: `check` (through the parser) and the daemon's
/// destination factory both use it, so they accept the same bodies. Hand-written
/// rather than Foundation's JSONSerialization because that loses the key order.
public enum FlatJSONObject {
    public struct ShapeError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: String) throws(ShapeError) -> [(name: String, value: String)] {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        try reader.expect("{", "is not a JSON object")
        var pairs: [(name: String, value: String)] = []
        if reader.take("}") {
            try reader.expectEnd()
            return pairs
        }
        repeat {
            let name = try reader.string("has a key that is not a string")
            try reader.expect(":", "lacks a ':' after a key")
            let value = try reader.string("has a value that is not a string (numbers, objects and lists are not supported)")
            pairs.append((name, value))
        } while reader.take(",")
        try reader.expect("}", "lacks a ',' or the closing '}'")
        try reader.expectEnd()
        return pairs
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
        }

        mutating func take(_ scalar: Unicode.Scalar) -> Bool {
            skipSpace()
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }

        mutating func expect(_ scalar: Unicode.Scalar, _ problem: String) throws(ShapeError) {
            guard take(scalar) else { throw ShapeError(description: problem) }
        }

        mutating func expectEnd() throws(ShapeError) {
            skipSpace()
            guard index == scalars.count else { throw ShapeError(description: "has text after the object") }
        }

        /// A JSON string with its escapes decoded.
        mutating func string(_ problem: String) throws(ShapeError) -> String {
            guard take("\"") else { throw ShapeError(description: problem) }
            var out = String.UnicodeScalarView()
            var pendingHighSurrogate: UInt32?
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "\"" { return String(out) }
                guard scalar == "\\" else {
                    out.append(scalar)
                    continue
                }
                guard index < scalars.count else { break }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "\"", "\\", "/": out.append(escape)
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    guard index + 4 <= scalars.count,
                          let unit = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16) else {
                        throw ShapeError(description: "has a malformed \\u escape")
                    }
                    index += 4
                    if (0xD800...0xDBFF).contains(unit) {
                        pendingHighSurrogate = unit
                    } else if let high = pendingHighSurrogate, (0xDC00...0xDFFF).contains(unit) {
                        pendingHighSurrogate = nil
                        out.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))!)
                    } else if let decoded = Unicode.Scalar(unit) {
                        out.append(decoded)
                    } else {
                        throw ShapeError(description: "has a malformed \\u escape")
                    }
                default:
                    throw ShapeError(description: "has an unknown escape in a string")
                }
            }
            throw ShapeError(description: "has an unterminated string")
        }
    }
}
