@testable import Delivery
import Testing

/// The encoder writes into pre-measured storage; a measuring slip would cut or
/// pad the result. Each case is compared with a plain byte-by-byte reference.
struct PercentEncodingReferenceTests {
    static let texts = ["", "a", "%", "中", "a b+c&d=e/f?g#h%~", "🙂e\u{301}\u{0}\u{7F}\t\r\n", String(repeating: "反诈 ", count: 50)]

    static func reference(_ text: String, keep: (UInt8) -> Bool = isUnreserved) -> String {
        text.utf8.map { keep($0) ? String(UnicodeScalar($0)) : "%" + String($0, radix: 16, uppercase: true).leftPadded }.joined()
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || "-._~".utf8.contains(byte)
    }

    @Test(arguments: texts)
    func encodeAndNonPrintableMatchTheReference(text: String) {
        #expect(PercentEncoding.encode(text) == Self.reference(text))
        #expect(PercentEncoding.encodeNonPrintable(text) == Self.reference(text) { $0 > 0x20 && $0 < 0x7F })
    }

    @Test(arguments: texts)
    func formAndAppendingMatchTheReference(text: String) {
        let fields = [(name: text, value: "v"), (name: "to", value: text), (name: "text", value: text)]
        let expected = fields.map { Self.reference($0.name) + "=" + Self.reference($0.value) }.joined(separator: "&")
        #expect(PercentEncoding.form(fields) == expected)
        #expect(PercentEncoding.appending(fields, to: "http://h/东湖") == "http://h/东湖?" + expected)
        #expect(PercentEncoding.appending(fields, to: "http://h/p?k=v") == "http://h/p?k=v&" + expected)
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
