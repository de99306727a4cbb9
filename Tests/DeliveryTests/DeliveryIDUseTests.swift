@testable import Delivery
import Testing

/// A dialect that says it does not send the delivery id may be given an empty
/// one (the daemon then skips an HMAC per message): its requests must not change.
struct DeliveryIDUseTests {
    static let base = "http://127.0.0.1:13013/cgi-bin/sendsms"
    static let callback = ReportCallback(baseURL: "http://127.0.0.1:8471", token: "t0k", gateway: "sim")

    static let dialects: [(name: String, dialect: any Dialect, sends: Bool)] = [
        ("kannel get", Kannel(url: base, username: "u", password: "p"), false),
        ("kannel post", Kannel(url: base, username: "u", password: "p", method: .post), false),
        ("kannel own dlr url", Kannel(url: base, username: "u", password: "p", dlrMask: 3, dlrURL: "http://h/dlr?s=%d"), false),
        ("kannel report listener", Kannel(url: base, username: "u", password: "p", reportCallback: callback), true),
        ("kannel post report listener", Kannel(url: base, username: "u", password: "p", method: .post, reportCallback: callback), true),
        ("jasmin", Jasmin(url: base, username: "u", password: "p"), false),
        ("jasmin own dlr url", Jasmin(url: base, username: "u", password: "p", dlrURL: "http://h/dlr"), false),
        ("jasmin report listener", Jasmin(url: base, username: "u", password: "p", reportCallback: callback), true),
    ]

    @Test(arguments: dialects.indices)
    func aDialectThatSendsNoIDBuildsTheSameRequestWithout(index: Int) throws {
        let (name, dialect, sends) = Self.dialects[index]
        #expect(dialect.sendsDeliveryID == sends, "\(name)")
        var withoutID = Fixtures.sms()
        withoutID.deliveryID = ""
        let full = try dialect.request(for: Fixtures.sms(), now: Fixtures.now)
        let empty = try dialect.request(for: withoutID, now: Fixtures.now)
        #expect((full == empty) == !sends, "\(name)")
    }
}
