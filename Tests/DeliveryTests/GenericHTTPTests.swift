@testable import Delivery
import Testing

struct GenericHTTPTests {
    static func template(_ text: String) throws -> PlaceholderTemplate {
        try PlaceholderTemplate(text, subject: "test")
    }

    @Test func jsonBodyFromTemplatesWithBearerAuth() throws {
        let dialect = GenericHTTP(
            url: "https://sms.example.cn/v1/send", encoding: .json, authentication: .bearer(token: "t0k"),
            fields: [("mobile", try Self.template("{to}")), ("content", try Self.template("【96110】{text}")),
                     ("ref", try Self.template("bcd-{id}")), ("raw", try Self.template("{{literal}}"))])
        let request = try dialect.request(for: Fixtures.sms(), now: Fixtures.now)
        #expect(request.method == .post && request.url == "https://sms.example.cn/v1/send")
        #expect(request.headers.map { "\($0.name): \($0.value)" }
            == ["Authorization: Bearer t0k", "Content-Type: application/json"])
        #expect(Fixtures.body(request)
            == #"{"mobile":"+8613800138000","content":"【96110】"# + Fixtures.text + #"","ref":"bcd-d-7f3a9c","raw":"{literal}"}"#)
    }

    @Test func formBodyWithBasicAuth() throws {
        let dialect = GenericHTTP(url: "http://127.0.0.1:9000/sms", encoding: .form,
                                  authentication: .basic(username: "user", password: "pass"),
                                  fields: [("to", try Self.template("{to}")), ("msg", try Self.template("{text}"))])
        let request = try dialect.request(for: Fixtures.sms(text: "a&b=c d"), now: Fixtures.now)
        #expect(request.headers.map { "\($0.name): \($0.value)" }
            == ["Authorization: Basic dXNlcjpwYXNz", "Content-Type: application/x-www-form-urlencoded"])
        #expect(Fixtures.body(request) == "to=%2B8613800138000&msg=a%26b%3Dc%20d")
    }

    @Test func twilioPresetSendsToFromBodyWithBasicAuthAndReadsTheSid() throws {
        let dialect = try GenericHTTP.twilio(accountSID: "ACxxxx", authToken: "tok3n", from: "+15005550006",
                                             baseURL: "http://127.0.0.1:8088")
        let request = try dialect.request(for: Fixtures.sms(text: "Hi {there}"), now: Fixtures.now)
        #expect(request.url == "http://127.0.0.1:8088/2010-04-01/Accounts/ACxxxx/Messages.json")
        #expect(Fixtures.header(request, "Authorization") == "Basic QUN4eHh4OnRvazNu")
        #expect(Fixtures.body(request) == "To=%2B8613800138000&From=%2B15005550006&Body=Hi%20%7Bthere%7D")
        let answer = Fixtures.response(201, #"{"sid":"SM1234","status":"queued","num_segments":"1"}"#)
        #expect(dialect.verdict(for: answer, now: 0) == .delivered(gatewayMessageID: "SM1234"))
        let refused = Fixtures.response(400, #"{"code":21211,"message":"The 'To' number is not valid."}"#)
        #expect(dialect.verdict(for: refused, now: 0) == .permanent(reason: "http 400"))
    }

    @Test func aTemplateNeedingARecipientRefusesAMessageWithout() throws {
        let dialect = GenericHTTP(url: "http://h/", encoding: .json, fields: [("to", try Self.template("{to}"))])
        #expect(throws: DialectError(.missingRecipient, subject: "http-json")) {
            try dialect.request(for: Fixtures.webhook(), now: 0)
        }
    }

    @Test func unknownPlaceholdersFailWhenTheConfigLoads() {
        #expect(throws: DialectError(.unknownPlaceholder("phone"), subject: "gateway x body")) {
            try PlaceholderTemplate("{phone}: {text}", subject: "gateway x body")
        }
    }

    @Test(arguments: [
        (200, Verdict.delivered(gatewayMessageID: nil)), (204, .delivered(gatewayMessageID: nil)),
        (301, .permanent(reason: "http 301")), (401, .permanent(reason: "http 401")),
        (429, .retry(reason: "http 429", after: nil)), (502, .retry(reason: "http 502", after: nil)),
    ])
    func statusDecidesWithoutAnIDField(status: Int, expected: Verdict) throws {
        let dialect = GenericHTTP(url: "http://h/", encoding: .form, fields: [])
        #expect(dialect.verdict(for: Fixtures.response(status, "whatever"), now: 0) == expected)
    }
}
