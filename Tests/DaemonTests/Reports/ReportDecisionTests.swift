@testable import Daemon
import DaemonConfig
import Outbox
@testable import OutboxSQLite
import Schedule
import Testing

/// What a parsed report means for the opt-out table.
struct ReportDecisionTests {
    static let rules = ReportDecision.Rules(keywords: .standard,
                                            unsubscribeStatuses: ["kannel-main": ["mk:0008"], "jasmin-1": []])

    static func reply(_ sender: String, _ text: String, country: CallingCode = .china) -> ReportDecision {
        ReportDecision.decide(.reply(.init(sender: sender, text: text)), rules: rules, country: country)
    }

    static func dlr(_ gateway: String, _ to: String, _ statuses: [String]) -> ReportDecision {
        ReportDecision.decide(.deliveryReport(.init(gateway: gateway, deliveryID: "msg_1", recipient: to, statuses: statuses)),
                              rules: rules, country: .china)
    }

    @Test(arguments: [
        ("+8613800000001", "退订"), ("8613800000001", "TD"), ("13800000001", " td "), ("0086 138 0000 0001", "ＴＤ"),
        (" 8613800000001", "t"),  // a `+` a query string read as a blank
    ])
    func aKeywordReplyOptsTheSenderOutInE164(sender: String, text: String) {
        #expect(Self.reply(sender, text) == .optOut(phone: "+8613800000001", source: "reply"))
    }

    @Test func aNationalNumberTakesTheCampaignsCountry() {
        #expect(Self.reply("91234567", "TD", country: try! #require(CallingCode("HK")))
            == .optOut(phone: "+85291234567", source: "reply"))
    }

    @Test func anyOtherReplyIsIgnored() {
        guard case .ignore = Self.reply("13800000001", "收到，谢谢") else { Issue.record("not ignored"); return }
    }

    @Test func aSenderThatIsNoNumberIsMalformedWithoutQuotingIt() {
        let decision = Self.reply("96110-secret-name", "TD")
        #expect(decision == .malformed("the reply's sender is not a phone number"))
    }

    @Test func aReportWithAConfiguredStatusOptsTheRecipientOut() {
        #expect(Self.dlr("kannel-main", "8613800000002", ["UNDELIV", "MK:0008"])
            == .optOut(phone: "+8613800000002", source: OptOut.reportSource))
    }

    @Test func otherReportsAreIgnored() {
        for decision in [Self.dlr("kannel-main", "8613800000002", ["DELIVRD", "000"]),
                         Self.dlr("jasmin-1", "8613800000002", ["MK:0008"]),
                         Self.dlr("not-configured", "8613800000002", ["MK:0008"])] {
            guard case .ignore = decision else { Issue.record("\(decision) is not ignored"); continue }
        }
    }
}
