@testable import Delivery
import Testing

struct VerdictTests {
    @Test func reasonIsShortAndNamesTheCause() {
        #expect(Verdict.retry(reason: "http 503", after: 30).reason == "http 503")
        #expect(Verdict.permanent(reason: "dingtalk 310000 keywords not in content").reason == "dingtalk 310000 keywords not in content")
        #expect(Verdict.delivered(gatewayMessageID: "abc").reason == "delivered")
    }

    @Test(arguments: [200, 201, 202, 204, 299])
    func twoHundredsAreDelivered(status: Int) {
        #expect(Verdict(response: Fixtures.response(status, ""), now: 0, gatewayMessageID: "m1")
            == .delivered(gatewayMessageID: "m1"))
    }

    @Test(arguments: [408, 425, 429, 500, 502, 503, 504])
    func temporaryStatusesRetry(status: Int) {
        #expect(Verdict(response: Fixtures.response(status, ""), now: 0) == .retry(reason: "http \(status)", after: nil))
    }

    @Test(arguments: [100, 301, 302, 304, 400, 401, 403, 404, 405, 410, 413, 422, 451, 501, 505])
    func otherStatusesArePermanent(status: Int) {
        #expect(Verdict(response: Fixtures.response(status, ""), now: 0) == .permanent(reason: "http \(status)"))
    }

    @Test func retryAfterInSecondsAndAsADateIsHonoured() {
        let seconds = Fixtures.response(503, "", headers: ["retry-after": "120"])
        #expect(Verdict(response: seconds, now: 0) == .retry(reason: "http 503", after: 120))
        let date = Fixtures.response(429, "", headers: ["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"])
        #expect(Verdict(response: date, now: 784_111_777 - 90) == .retry(reason: "http 429", after: 90))
    }
}

struct RetryAfterTests {
    static let date: Int64 = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func allThreeHTTPDateFormsParse(text: String) {
        #expect(RetryAfter.httpDate(text) == Self.date)
    }

    @Test(arguments: [
        ("0", 0.0), ("30", 30), (" 45 ", 45), ("3600", 3600), ("86400", 3600), ("99999999999999999999999", 3600),
    ])
    func deltaSecondsAreCapped(text: String, expected: Double) {
        #expect(RetryAfter.seconds(text, now: 0) == expected)
    }

    @Test func datesBecomeWaitsFromNowCappedAndNeverNegative() {
        let header = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(RetryAfter.seconds(header, now: Double(Self.date) - 10.5) == 10.5)
        #expect(RetryAfter.seconds(header, now: Double(Self.date) + 100) == 0)
        #expect(RetryAfter.seconds(header, now: Double(Self.date) - 86_400) == RetryAfter.cap)
    }

    @Test(arguments: [nil, "", "soon", "-5", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 CET"])
    func unreadableValuesAreIgnored(text: String?) {
        #expect(RetryAfter.seconds(text, now: 0) == nil)
    }
}

struct TransportVerdictTests {
    @Test(arguments: [
        (TransportError.Kind.connectionRefused, Verdict.retry(reason: "connection refused", after: nil)),
        (.connectionReset, .retry(reason: "connection reset", after: nil)),
        (.timedOut, .retry(reason: "timeout after 10s", after: nil)),
        (.dnsFailure, .retry(reason: "dns failure", after: nil)),
        (.tls, .retry(reason: "tls", after: nil)),
        (.tooLarge, .retry(reason: "response too large", after: nil)),
        (.malformedResponse, .retry(reason: "malformed response", after: nil)),
        (.other, .retry(reason: "transport error", after: nil)),
        (.invalidRequest, .permanent(reason: "invalid request")),
    ])
    func everyKindHasADocumentedVerdict(kind: TransportError.Kind, expected: Verdict) {
        #expect(Verdict(TransportError(kind, "curl says something"), timeout: 10) == expected)
    }

    @Test(arguments: [(nil, "timeout"), (2.5, "timeout after 2.5s"), (90, "timeout after 1m30s"), (7200, "timeout after 2h")])
    func timeoutReasonNamesTheLimit(timeout: Double?, reason: String) {
        #expect(Verdict(TransportError(.timedOut, "Operation timed out"), timeout: timeout).reason == reason)
    }
}
