@testable import Delivery
import Testing

struct JasminTests {
    static let url = "http://127.0.0.1:1401/send"

    @Test func chineseTextGoesAsUTF16HexWithCodingEight() throws {
        let jasmin = Jasmin(url: Self.url, username: "foo", password: "b@r", from: "96110")
        let request = try jasmin.request(for: Fixtures.sms(), now: Fixtures.now)
        #expect(request.method == .post && request.url == Self.url)
        #expect(request.headers.map(\.value) == ["application/x-www-form-urlencoded"])
        #expect(Fixtures.body(request) == "username=foo&password=b%40r&to=%2B8613800138000&from=96110&coding=8"
            + "&hex-content=301053cd8bc863d091923011964c751f6765753589818b6660d5ff0c4e0d8f6c8d2630014e0d6c476b3e3002")
    }

    @Test func gsmTextGoesAsContentWithCodingZeroAndDeliveryReports() throws {
        let jasmin = Jasmin(url: Self.url, username: "foo", password: "bar", dlrURL: "http://h/dlr", dlrLevel: 3)
        let request = try jasmin.request(for: Fixtures.sms(text: "Hello world"), now: Fixtures.now)
        #expect(Fixtures.body(request) == "username=foo&password=bar&to=%2B8613800138000&coding=0&content=Hello%20world"
            + "&dlr=yes&dlr-url=http%3A%2F%2Fh%2Fdlr&dlr-level=3")
    }

    @Test func utf16HexCoversSurrogatePairs() {
        #expect(Jasmin.utf16BigEndianHex("A🙂") == "0041d83dde42")
    }

    @Test(arguments: [
        (200, #"Success "07033084-5cfd-4812-90a4-e4d24ffb6e3d""#,
         Verdict.delivered(gatewayMessageID: "07033084-5cfd-4812-90a4-e4d24ffb6e3d")),
        (400, #"Error "Mandatory argument [to] is not found.""#, .permanent(reason: "jasmin 400 bad request")),
        (403, #"Error "Authentication failure for username:foo""#, .permanent(reason: "jasmin 403 authentication failure")),
        (412, #"Error "Cannot charge submit_sm, check RouterPB log file for details""#,
         .permanent(reason: "jasmin 412 route or charge refused")),
        (500, #"Error "Cannot send submit_sm, check SMPPClientManagerPB log file for details""#,
         .retry(reason: "jasmin 500 gateway error", after: nil)),
        (503, "", .retry(reason: "jasmin 503 gateway error", after: nil)),
        (501, "", .permanent(reason: "jasmin 501 gateway error")),
        (200, "Success", .delivered(gatewayMessageID: nil)),
    ])
    func jasminAnswers(status: Int, body: String, expected: Verdict) {
        #expect(Jasmin(url: Self.url, username: "u", password: "p").verdict(for: Fixtures.response(status, body), now: 0)
            == expected)
    }
}
