@testable import Delivery
import Testing

/// With the daemon's report listener on, Kannel and Jasmin ask for delivery
/// reports at it, each message's URL naming its gateway, delivery and recipient.
struct ReportCallbackTests {
    static let token = "tok3n-0123456789abcdef"
    static let callback = ReportCallback(baseURL: "http://127.0.0.1:8471", token: token, gateway: "kannel-main")
    static let messageURL = "http://127.0.0.1:8471/\(token)/kannel/dlr?gateway=kannel-main&id=d-7f3a9c&to=8613800138000"

    @Test func kannelGetCarriesTheFinalStatesMaskAndTheListenerURLWithEscapes() throws {
        let kannel = Kannel(url: KannelTests.base, username: "u", password: "p", reportCallback: Self.callback)
        let request = try kannel.request(for: Fixtures.sms(text: "Beware"), now: Fixtures.now)
        let dlrURL = Self.messageURL + "&type=%d&answer=%A"
        #expect(request.url == KannelTests.base + "?username=u&password=p&to=%2B8613800138000&text=Beware&charset=UTF-8"
            + "&dlr-mask=19&dlr-url=" + PercentEncoding.encode(dlrURL))
    }

    @Test func kannelPostPutsTheURLVerbatimInItsHeader() throws {
        let kannel = Kannel(url: KannelTests.base, username: "u", password: "p", method: .post, dlrMask: 2,
                            reportCallback: Self.callback)
        let request = try kannel.request(for: Fixtures.sms(text: "Beware"), now: Fixtures.now)
        #expect(Fixtures.header(request, "X-Kannel-DLR-Mask") == "2")
        #expect(Fixtures.header(request, "X-Kannel-DLR-Url") == Self.messageURL + "&type=%d&answer=%A")
    }

    @Test func anOperatorsOwnDLRURLWins() throws {
        let kannel = Kannel(url: KannelTests.base, username: "u", password: "p", dlrMask: 3, dlrURL: "http://h/dlr?s=%d",
                            reportCallback: Self.callback)
        let request = try kannel.request(for: Fixtures.sms(text: "Beware"), now: Fixtures.now)
        #expect(request.url.hasSuffix("&dlr-mask=3&dlr-url=http%3A%2F%2Fh%2Fdlr%3Fs%3D%25d"))
        #expect(!request.url.contains(Self.token))
    }

    @Test func jasminAsksForPostedReportsAtTheListener() throws {
        var callback = Self.callback
        callback.gateway = "jasmin-1"
        let jasmin = Jasmin(url: "http://127.0.0.1:1401/send", username: "u", password: "p", reportCallback: callback)
        let body = Fixtures.body(try jasmin.request(for: Fixtures.sms(text: "Beware"), now: Fixtures.now))
        let url = "http://127.0.0.1:8471/\(Self.token)/jasmin/dlr?gateway=jasmin-1&id=d-7f3a9c&to=8613800138000"
        #expect(body.hasSuffix("&dlr=yes&dlr-url=\(PercentEncoding.encode(url))&dlr-level=2&dlr-method=POST"))
    }

    @Test func noReportsNoDLRFields() throws {
        let request = try Kannel(url: KannelTests.base, username: "u", password: "p").request(for: Fixtures.sms(), now: 0)
        #expect(!request.url.contains("dlr"))
    }
}

/// A gateway's synchronous "this recipient unsubscribed" answer.
struct UnsubscribedVerdictTests {
    @Test func twilio21610IsAnUnsubscribedRecipient() throws {
        let twilio = try GenericHTTP.twilio(accountSID: "AC0", authToken: "tok", from: "+15005550006")
        let answer = Fixtures.response(400, #"{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}"#)
        #expect(twilio.verdict(for: answer, now: 0) == .unsubscribed(reason: "http-form 400 unsubscribed recipient (code 21610)"))
    }

    @Test func otherTwilioErrorsStayPermanent() throws {
        let twilio = try GenericHTTP.twilio(accountSID: "AC0", authToken: "tok", from: "+15005550006")
        let answer = Fixtures.response(400, #"{"code": 21211, "message": "Invalid 'To' Phone Number"}"#)
        #expect(twilio.verdict(for: answer, now: 0) == .permanent(reason: "http 400"))
    }

    @Test(arguments: [
        (200, #"{"Code":"isv.BLACK_KEY_CONTROL_LIMIT","Message":"黑名单管控"}"#),
        (403, #"{"error_code":"isv.black_key_control_limit"}"#),
        (400, #"{"errorCode":"ISV.BLACK_KEY_CONTROL_LIMIT"}"#),
    ])
    func aConfiguredCodeInAnyAnswerMeansUnsubscribed(status: Int, body: String) throws {
        let dialect = GenericHTTP(url: "http://h/", encoding: .json, fields: [("to", try PlaceholderTemplate("{to}", subject: "t"))],
                                  unsubscribeCodes: ["isv.BLACK_KEY_CONTROL_LIMIT"])
        let verdict = dialect.verdict(for: Fixtures.response(status, body), now: 0)
        guard case .unsubscribed = verdict else {
            Issue.record("expected unsubscribed, got \(verdict)")
            return
        }
        #expect(!verdict.reason.contains("黑名单"))
    }

    @Test func unsubscribedGivesUpAtOnce() {
        var random = SystemRandomNumberGenerator()
        let action = RetryPolicy.standard.next(after: .unsubscribed(reason: "x"), attemptsMade: 1, firstAttemptAt: 0, now: 0,
                                               random: &random)
        #expect(action == .giveUp(reason: "x"))
    }
}
