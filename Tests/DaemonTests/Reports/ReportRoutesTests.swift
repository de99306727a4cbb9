@testable import Daemon
import Foundation
import Outbox
import Testing

/// Each callback route read by the pure parser: good input, garbage, a wrong token.
struct ReportRoutesTests {
    static let token = "0123456789abcdef0123"

    static func parse(_ method: ReportRequest.Method, _ target: String, contentType: String? = nil,
                      body: String = "") -> Result<ReportRoutes.Accepted, ReportRejection> {
        ReportRoutes.parse(ReportRequest(method: method, target: target, contentType: contentType, body: Array(body.utf8)),
                           token: token)
    }

    static func report(_ result: Result<ReportRoutes.Accepted, ReportRejection>) throws -> InboundReport {
        try result.get().report
    }

    @Test func kannelDeliveryReportWithAnSMPPReceipt() throws {
        let answer = "id%3A0815+sub%3A001+dlvrd%3A000+submit+date%3A2103150900+done+date%3A2103150901+stat%3AUNDELIV+err%3AMK%3A0008+text%3A"
        let result = Self.parse(.get, "/\(Self.token)/kannel/dlr?gateway=kannel-main&id=msg_ab12&to=8613800000001&type=2&answer=\(answer)")
        #expect(try Self.report(result) == .deliveryReport(.init(gateway: "kannel-main", deliveryID: "msg_ab12",
                                                                  recipient: "8613800000001", statuses: ["UNDELIV", "MK:0008"],
                                                                  handset: .failed, error: "MK:0008")))
        #expect(try result.get().answer == "ok")
    }

    @Test func kannelDeliveryReportWithAPlainAnswerUsesTheWholeAnswer() throws {
        let result = Self.parse(.get, "/\(Self.token)/kannel/dlr?gateway=g&to=8613800000001&type=16&answer=%E9%80%80%E8%AE%A2")
        guard case .deliveryReport(let dlr) = try Self.report(result) else { Issue.record("not a DLR"); return }
        #expect(dlr.statuses == ["退订"])
        #expect(dlr.deliveryID == nil)
    }

    /// Kannel's DLR type says the outcome; an SMPP receipt's `stat:` says it more exactly
    /// (an expiry is a type 2); "accepted by the SMSC" (8) and "buffered" (4) are no outcome.
    @Test(arguments: [
        ("1", "", HandsetOutcome.delivered), ("2", "", .failed), ("16", "", .rejected), ("8", "", nil), ("4", "", nil),
        ("2", "id%3A1+stat%3AEXPIRED+err%3A000", .expired), ("1", "id%3A1+stat%3ADELIVRD+err%3A000", .delivered),
        ("8", "id%3A1+stat%3AACCEPTD", nil), ("16", "id%3A1+stat%3AREJECTD+err%3A0B", .rejected),
    ])
    func kannelReportsTheHandsetOutcome(type: String, answer: String, outcome: HandsetOutcome?) throws {
        let result = Self.parse(.get, "/\(Self.token)/kannel/dlr?gateway=g&id=msg_1&to=8613800000001&type=\(type)&answer=\(answer)")
        guard case .deliveryReport(let dlr) = try Self.report(result) else { Issue.record("not a DLR"); return }
        #expect(dlr.handset == outcome)
    }

    /// Jasmin's form `id` is its own message id, ours is the query's: both are kept apart.
    /// Level 1 (the SMSC took it) is no handset outcome.
    @Test(arguments: [
        ("level=1&message_status=ESME_ROK", nil), ("level=2&message_status=DELIVRD&err=000", HandsetOutcome.delivered),
        ("level=2&message_status=EXPIRED", .expired), ("level=2&message_status=REJECTD", .rejected),
        ("level=2&message_status=UNKNOWN", nil),
    ])
    func jasminReportsTheHandsetOutcomeAndKeepsBothIds(form: String, outcome: HandsetOutcome?) throws {
        let result = Self.parse(.post, "/\(Self.token)/jasmin/dlr?gateway=jasmin-1&id=msg_ours&to=8613800000003",
                                contentType: "application/x-www-form-urlencoded", body: "id=f4a1-jasmin&" + form)
        guard case .deliveryReport(let dlr) = try Self.report(result) else { Issue.record("not a DLR"); return }
        #expect(dlr.handset == outcome)
        #expect(dlr.deliveryID == "msg_ours")
        #expect(dlr.gatewayMessageID == "f4a1-jasmin")
    }

    @Test func kannelReplyInUTF8() throws {
        let result = Self.parse(.get, "/\(Self.token)/kannel/mo?from=%2B8613800000002&text=%E9%80%80%E8%AE%A2")
        #expect(try Self.report(result) == .reply(.init(sender: "+8613800000002", text: "退订")))
    }

    @Test func jasminDeliveryReportIsAPostedFormAnsweredWithItsACK() throws {
        let result = Self.parse(.post, "/\(Self.token)/jasmin/dlr?gateway=jasmin-1&id=msg_1&to=8613800000003",
                                contentType: "application/x-www-form-urlencoded",
                                body: "id=5c1d&message_status=UNDELIV&level=2&connector=smppc&err=MK%3A0008&to=9999")
        #expect(try Self.report(result) == .deliveryReport(.init(gateway: "jasmin-1", deliveryID: "msg_1",
                                                                  recipient: "8613800000003", statuses: ["UNDELIV", "MK:0008"],
                                                                  handset: .failed, error: "MK:0008", gatewayMessageID: "5c1d")))
        #expect(try result.get().answer == "ACK/Jasmin")
    }

    @Test func jasminReplyInUCS2IsReadFromItsHex() throws {
        let result = Self.parse(.post, "/\(Self.token)/jasmin/mo", contentType: "application/x-www-form-urlencoded",
                                body: "id=1&from=8613800000004&to=96110&coding=8&content=%90%00&binary=90008ba2")
        #expect(try Self.report(result) == .reply(.init(sender: "8613800000004", text: "退订")))
        #expect(try result.get().answer == "ACK/Jasmin")
    }

    @Test func jasminReplyInGSM() throws {
        let result = Self.parse(.post, "/\(Self.token)/jasmin/mo", body: "from=13800000005&to=96110&coding=0&content=TD")
        #expect(try Self.report(result) == .reply(.init(sender: "13800000005", text: "TD")))
    }

    @Test(arguments: [
        (#"{"from": "+8613800000006", "text": "ＴＤ"}"#, "application/json"),
        ("From=%2B8613800000006&Body=%EF%BC%B4%EF%BC%A4", "application/x-www-form-urlencoded"),
    ])
    func genericReplyAsJSONOrTwilioForm(body: String, contentType: String) throws {
        let result = Self.parse(.post, "/\(Self.token)/http/mo", contentType: contentType, body: body)
        #expect(try Self.report(result) == .reply(.init(sender: "+8613800000006", text: "ＴＤ")))
    }

    @Test(arguments: [
        ("/\(token)/kannel/dlr?to=8613800000001&type=2", "malformed report: no 'gateway'"),
        ("/\(token)/kannel/dlr?gateway=g&type=2", "malformed report: no 'to'"),
        ("/\(token)/kannel/dlr?gateway=g&to=1&type=delivered", "malformed report: 'type' is not a Kannel DLR type"),
        ("/\(token)/kannel/mo?from=%2B86138", "malformed report: no 'text'"),
        ("/\(token)/kannel/mo?text=TD", "malformed report: no 'from'"),
        ("/\(token)/kannel/mo?from=&text=TD", "malformed report: no 'from'"),
        ("/\(token)/kannel/mo?%%%&&==&from", "malformed report: no 'from'"),
    ])
    func garbageIsABadRequestNamingTheField(target: String, problem: String) {
        let result = Self.parse(.get, target)
        #expect(result.failure?.status == 400)
        #expect(result.failure?.description == problem)
    }

    @Test(arguments: [
        "{not json", "\u{0}\u{1}\u{2}", #"{"from": 42}"#, #"["from","text"]"#, String(repeating: "&", count: 1000),
    ])
    func garbageBodiesNeverCrash(body: String) {
        let result = Self.parse(.post, "/\(Self.token)/http/mo", contentType: "application/json", body: body)
        #expect(result.failure?.status == 400)
    }

    @Test func jasminUCS2WithBrokenHexIsRefused() {
        let result = Self.parse(.post, "/\(Self.token)/jasmin/mo", body: "from=13800000005&coding=8&binary=90zz")
        #expect(result.failure?.description == "malformed report: 'binary' is not UCS-2 hex")
    }

    @Test(arguments: [
        "/wrong-token-0123456789/kannel/mo?from=1&text=TD",
        "/\(token.dropLast())/kannel/mo?from=1&text=TD",
        "/\(token)x/kannel/mo?from=1&text=TD",
        "/kannel/mo?from=1&text=TD",
        "/\(token)/kannel/sendsms?from=1&text=TD",
        "/\(token)/smpp/mo",
        "/\(token)/kannel/mo/extra",
        "/",
        "",
    ])
    func aWrongTokenOrRouteIsTheSameNotFound(target: String) {
        let result = Self.parse(.get, target)
        #expect(result.failure == ReportRejection(.notFound))
        #expect(result.failure?.status == 404)
    }

    @Test func otherMethodsAreRefusedOnlyBehindTheToken() {
        #expect(Self.parse(.other, "/\(Self.token)/kannel/mo?from=1&text=TD").failure?.status == 405)
        #expect(Self.parse(.other, "/bad/kannel/mo?from=1&text=TD").failure?.status == 404)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
