@testable import Delivery
import Testing

struct KannelTests {
    static let base = "http://127.0.0.1:13013/cgi-bin/sendsms"

    @Test func getEncodesEveryFieldInTheQuery() throws {
        let kannel = Kannel(url: Self.base, username: "broadcastd", password: "p@ss&word", from: "96110")
        let request = try kannel.request(for: Fixtures.sms(), now: Fixtures.now)
        #expect(request.method == .get)
        #expect(request.url == Self.base
            + "?username=broadcastd&password=p%40ss%26word&from=96110&to=%2B8613800138000&text="
            + Fixtures.encodedText + "&charset=UTF-8&coding=2")
        #expect(request.body.isEmpty && request.headers.isEmpty)
    }

    @Test func gsmTextHasNoCodingAndDeliveryReportsWhenConfigured() throws {
        let kannel = Kannel(url: Self.base, username: "u", password: "p", dlrMask: 3,
                            dlrURL: "http://127.0.0.1:8080/dlr?id=%i&status=%d")
        let request = try kannel.request(for: Fixtures.sms(text: "Beware: no transfers!"), now: Fixtures.now)
        #expect(request.url == Self.base
            + "?username=u&password=p&to=%2B8613800138000&text=Beware%3A%20no%20transfers%21&charset=UTF-8"
            + "&dlr-mask=3&dlr-url=http%3A%2F%2F127.0.0.1%3A8080%2Fdlr%3Fid%3D%25i%26status%3D%25d")
    }

    @Test func postSendsTheTextAsBodyAndTheRestAsHeaders() throws {
        let kannel = Kannel(url: Self.base, username: "broadcastd", password: "pw", from: "96110", method: .post,
                            dlrMask: 1, dlrURL: "http://h/dlr?s=%d&r=东湖 x")
        let request = try kannel.request(for: Fixtures.sms(), now: Fixtures.now)
        #expect(request.method == .post)
        #expect(request.url == Self.base)
        #expect(request.headers.map { "\($0.name): \($0.value)" } == [
            "Content-Type: text/plain; charset=UTF-8", "X-Kannel-Username: broadcastd", "X-Kannel-Password: pw",
            "X-Kannel-From: 96110", "X-Kannel-To: +8613800138000", "X-Kannel-Coding: 2", "X-Kannel-DLR-Mask: 1",
            "X-Kannel-DLR-Url: http://h/dlr?s=%d&r=%E4%B8%9C%E6%B9%96%20x",
        ])
        #expect(Fixtures.body(request) == Fixtures.text)
    }

    @Test func anSMSWithoutRecipientIsAnError() {
        #expect(throws: DialectError(.missingRecipient, subject: "kannel")) {
            try Kannel(url: Self.base, username: "u", password: "p").request(for: Fixtures.webhook(), now: 0)
        }
    }

    @Test(arguments: [
        (202, "0: Accepted for delivery", Verdict.delivered(gatewayMessageID: nil)),
        (202, "3: Queued for later delivery", .delivered(gatewayMessageID: nil)),
        (403, "Authorization failed for sendsms", .permanent(reason: "kannel 403 authorization failed")),
        (403, "Not routable. Do not try again.", .permanent(reason: "kannel 403 not routable")),
        (403, "Number(s) has/have been denied by white- and/or black-lists.",
         .permanent(reason: "kannel 403 number denied by white/black list")),
        (400, "Sender missing and no global set, rejected", .permanent(reason: "kannel 400 sender missing")),
        (400, "Empty receiver number not allowed, rejected", .permanent(reason: "kannel 400 empty receiver")),
        (400, "Wrong sendsms args, rejected", .permanent(reason: "kannel 400 wrong sendsms args")),
        (404, "Unknown service", .permanent(reason: "http 404")),
        (503, "Sending failed.", .retry(reason: "kannel 503 sending failed", after: nil)),
        (500, "", .retry(reason: "http 500", after: nil)),
    ])
    func kannelAnswersAreReadAsKannelMeansThem(status: Int, body: String, expected: Verdict) {
        let kannel = Kannel(url: Self.base, username: "u", password: "p")
        #expect(kannel.verdict(for: Fixtures.response(status, body), now: 0) == expected)
    }

    @Test func retryAfterOnAKannelAnswerIsHonoured() {
        let kannel = Kannel(url: Self.base, username: "u", password: "p")
        let answer = Fixtures.response(503, "Sending failed.", headers: ["retry-after": "30"])
        #expect(kannel.verdict(for: answer, now: 0) == .retry(reason: "kannel 503 sending failed", after: 30))
    }
}
