import Plan
@testable import Delivery
import SMSText
import Testing

struct EncodingTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["Zm9", "Zg=a", "Z===", "Zm9v\n", "Zm 9v", "Zg==Zg=="])
    func base64RejectsNonCanonicalText(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func base64RoundTripsEveryByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a b+c&d=e/f?g#h%") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25")
        #expect(PercentEncoding.encode(Fixtures.text) == Fixtures.encodedText)
    }

    @Test func appendingRespectsAnExistingQuery() {
        let fields = [(name: "a", value: "1")]
        #expect(PercentEncoding.appending(fields, to: "http://h/p") == "http://h/p?a=1")
        #expect(PercentEncoding.appending(fields, to: "http://h/p?k=v") == "http://h/p?k=v&a=1")
        #expect(PercentEncoding.appending(fields, to: "http://h/p?") == "http://h/p?a=1")
    }

    @Test func formEncodesBothSidesOfEveryPairInOrder() {
        #expect(PercentEncoding.form([]) == "")
        #expect(PercentEncoding.form([("a b", "1&2"), ("to", "+8613800000000"), ("text", "中")])
            == "a%20b=1%262&to=%2B8613800000000&text=%E4%B8%AD")
    }

    @Test(arguments: [
        ("", ""), ("   ", ""), ("\t ok \t", "ok"), ("0: Accepted for delivery\n", "0: Accepted for delivery\n"),
        (" 中 文 ", "中 文"), ("\u{00A0}x\u{00A0}", "\u{00A0}x\u{00A0}"), ("e\u{301} ", "e\u{301}"),
    ])
    func trimmingSpacesDropsOnlyOuterSpacesAndTabs(text: String, trimmed: String) {
        #expect(text.trimmingSpaces == trimmed)
    }

    @Test(arguments: [
        ("Hello, world! 100% @home", true), ("Prices in € and [brackets] {ok}", true), ("Ça va? Øre ÆØÅ", true),
        ("line\r\nbreak", true), (Fixtures.text, false), ("emoji 🙂", false), ("naïve", false), ("`backtick`", false),
    ])
    func gsm7DecidesBetweenSevenBitAndUCS2(text: String, fits: Bool) {
        #expect((SMSMeasure(text).encoding == .gsm7) == fits)
    }

    @Test func jsonIsCompactOrderedAndEscaped() {
        let value = JSONValue.object([
            ("z", .string("quote \" backslash \\ slash / tab \t nl \n bell \u{07} 中文")),
            ("a", .integer(-42)),
            ("list", .array([.string("x"), .object([])])),
        ])
        #expect(value.serialized
            == #"{"z":"quote \" backslash \\ slash / tab \t nl \n bell \u0007 中文","a":-42,"list":["x",{}]}"#)
    }

    @Test func jsonFieldsReadTopLevelScalarsOnly() throws {
        let fields = try #require(JSONFields(Array(#"{"errcode":45009,"errmsg":"x","data":{"code":1},"ok":true}"#.utf8)))
        #expect(fields.integers == ["errcode": 45009])
        #expect(fields.strings == ["errmsg": "x"])
        #expect(JSONFields(Array("ok".utf8)) == nil)
        #expect(JSONFields(Array("[1]".utf8)) == nil)
    }
}
