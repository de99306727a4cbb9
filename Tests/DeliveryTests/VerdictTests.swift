import Delivery
import Testing

struct VerdictTests {
    @Test func reasonIsShortAndNamesTheCause() {
        #expect(Verdict.retry(reason: "http 503", after: 30).reason == "http 503")
        #expect(Verdict.permanent(reason: "dingtalk 310000 keywords not in content").reason == "dingtalk 310000 keywords not in content")
        #expect(Verdict.delivered(gatewayMessageID: "abc").reason == "delivered")
    }
}
