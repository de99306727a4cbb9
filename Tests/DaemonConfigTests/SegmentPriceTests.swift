import LineLanguage
import Testing
@testable import DaemonConfig

/// `price 0.045 CNY` on a gateway: what a segment costs there, for the rehearsal's and check's cost figures.
struct SegmentPriceTests {
    private func load(_ price: String) -> ConfigLoadResult {
        ConfigParserTests.load(ConfigParserTests.minimal + """
            gateway g
                kind http-json
                url  https://g.example/send
                json {"to":"{to}","text":"{text}"}
                price \(price)

            """)
    }

    @Test(arguments: [("0.045 CNY", "0.045", "CNY", 45_000), ("1 USD", "1", "USD", 1_000_000),
                      ("0.000001 EUR", "0.000001", "EUR", 1)])
    func aPriceIsReadAsWritten(text: String, amount: String, currency: String, millionths: Int64) throws {
        let result = load(text)
        let gateway = try #require(result.configuration?.gateways.first, "\(result.diagnostics)")
        #expect(gateway.price == SegmentPrice(amount: amount, currency: currency))
        #expect(gateway.price?.millionths == millionths)
    }

    @Test(arguments: ["cheap CNY", "0.045", "-1 CNY", "0.0000001 CNY", "0.045 CNY extra", "1e3 CNY"])
    func aPriceThatIsNotOneIsAnErrorAtIt(text: String) {
        let errors = load(text).diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.location.line == 7)
        #expect(errors.first?.hint?.contains("price 0.045 CNY") == true)
    }
}
