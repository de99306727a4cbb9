@testable import Daemon
import Delivery
import Foundation
import Outbox
import Logging
import SMSText
import Testing

/// Messages through the real Jasmin: HTTPTransport and the `jasmin` dialect to
/// Jasmin's HTTP API, Jasmin routing them over SMPP to scripts/fake-smsc, which
/// records each submit_sm and answers it with a delivery receipt. One Jasmin (with
/// its RabbitMQ and Redis) serves the whole suite: the broker's boot is most of the time.
@Suite(.serialized, .enabled(if: JasminHarness.isInstalled), .jasmin, .timeLimit(.minutes(1)))
struct JasminIntegrationTests {
    static let number = "+8613800000001"
    static let chinese = "【江西反诈】接到自称公检法的电话要求转账，一律是诈骗！咨询请拨96110"
    /// GSM-7 with characters outside ASCII and from the escape table.
    static let gsm = "Reminder @ 10:00: bring £5 & ID [desk 3] {ok} ~ €"

    static func message(_ text: String, id: String = "jasmin-it-1", to recipient: String = number) -> OutgoingMessage {
        OutgoingMessage(deliveryID: id, campaignName: "fanzha-2024", campaignTitle: "反诈提醒",
                        messageName: "launch", occurrence: 1_715_000_000, utcOffset: 8 * 3600,
                        regionPath: "jiangxi/nanchang", regionName: "南昌市", channel: "sms",
                        text: text, recipient: recipient)
    }

    var harness: JasminHarness { get throws { try #require(JasminScope.current, "the suite's Jasmin is not running") } }

    func send(_ dialect: Jasmin, _ text: String, id: String = "jasmin-it-1",
              to recipient: String = number) async throws -> (HTTPResponse, Verdict) {
        try await send(dialect, Self.message(text, id: id, to: recipient))
    }

    func send(_ dialect: Jasmin, _ message: OutgoingMessage) async throws -> (HTTPResponse, Verdict) {
        let transport = HTTPTransport()
        let now = Date().timeIntervalSince1970
        let response: HTTPResponse
        do {
            response = try await transport.send(try dialect.request(for: message, now: now), timeout: .seconds(10))
        } catch {
            await transport.shutdown()
            throw error
        }
        await transport.shutdown()
        return (response, dialect.verdict(for: response, now: now))
    }

    @Test(arguments: [(SMSEncoding.gsm7, gsm, 0), (.ucs2, chinese, 8)])
    func textArrivesIntactAtTheSMSC(encoding: SMSEncoding, text: String, dataCoding: Int) async throws {
        let harness = try harness
        #expect(SMSMeasure(text).encoding == encoding)
        let dialect = Jasmin(url: harness.sendURL, username: harness.username, password: harness.password, from: "96110")
        let (response, verdict) = try await send(dialect, text)
        guard case .delivered(let messageID?) = verdict else {
            Issue.record("not delivered with an id: \(verdict) (\(response.status) \(response.bodyText))"); return
        }
        #expect(UUID(uuidString: messageID) != nil, "Jasmin's message id is a UUID, got \(messageID)")

        let submit = try #require(await harness.nextSubmit(), "the fake SMSC got no submit_sm")
        #expect(submit.destination == Self.number)
        #expect(submit.source == "96110")
        #expect(submit.dataCoding == dataCoding)
        #expect(submit.text == text)
    }

    @Test func wrongPasswordIsRefusedAndNothingIsSent() async throws {
        let harness = try harness
        let dialect = Jasmin(url: harness.sendURL, username: harness.username, password: "not-the-password", from: "96110")
        let (response, verdict) = try await send(dialect, Self.chinese)
        #expect(verdict == .permanent(reason: "jasmin 403 authentication failure"), "\(response.status) \(response.bodyText)")
        #expect(await harness.nextSubmit(timeout: .milliseconds(500)) == nil)
    }

    /// `dlr-level=3` asks for both reports: level 1 when the SMSC took the message
    /// (submit_sm_resp), level 2 when the handset got it (the SMSC's deliver_sm receipt).
    /// Jasmin POSTs each as a form to the report listener's callback URL.
    @Test(arguments: [(number, "DELIVRD", "000"), (JasminHarness.undeliverable, "UNDELIV", "011")])
    func receiptsReachTheReportListener(recipient: String, status: String, error: String) async throws {
        let harness = try harness
        let recorder = try await CallbackRecorder()
        let token = "jasmin-it-token-0123456789"
        let dialect = Jasmin(url: harness.sendURL, username: harness.username, password: harness.password, from: "96110",
                             dlrLevel: 3, reportCallback: ReportCallback(baseURL: recorder.baseURL, token: token, gateway: "jasmin-main"))
        let (response, verdict) = try await send(dialect, Self.chinese, id: "jasmin-it-receipt", to: recipient)
        guard case .delivered(let messageID?) = verdict else {
            Issue.record("not delivered with an id: \(verdict) (\(response.status) \(response.bodyText))"); await recorder.close(); return
        }
        let submit = try #require(await harness.nextSubmit(), "the fake SMSC got no submit_sm")
        #expect(submit.registeredDelivery & 1 == 1, "Jasmin did not ask the SMSC for a receipt")

        var byLevel: [String: [String: String]] = [:]
        // The submit_sm is already at the SMSC, so level 1 is due at once and level 2
        // half a second later (the fake SMSC's handset delay).
        for _ in 0..<2 {
            guard let request = await recorder.next(timeout: .seconds(5)) else {
                Issue.record("a report never reached the listener"); break
            }
            let form = ReportRoutes.bodyFields(request)
            byLevel[form["level"] ?? "none"] = form
            #expect(request.method == .post)
            // The daemon's own reading: our ids from the callback URL, Jasmin's status from the form.
            guard case .deliveryReport(let report) = try ReportRoutes.parse(request, token: token).get().report else {
                Issue.record("not read as a delivery report: \(request.target)"); continue
            }
            #expect(report.gateway == "jasmin-main" && report.deliveryID == "jasmin-it-receipt" && "+" + report.recipient == recipient)
            #expect(report.statuses.first == form["message_status"])
            // Jasmin's own id is the form's `id`, kept apart from ours; level 2 is the handset's outcome.
            #expect(report.gatewayMessageID == messageID)
            #expect(report.handset == (form["level"] == "2" ? (status == "DELIVRD" ? .delivered : .failed) : nil))
        }
        #expect(byLevel["1"]?["id"] == messageID && byLevel["2"]?["id"] == messageID)
        #expect(byLevel["1"]?["message_status"] == "ESME_ROK")
        #expect(byLevel["2"]?["message_status"] == status)
        #expect(byLevel["2"]?["err"] == error)
        // Jasmin upper-cases the SMSC's message id.
        #expect(byLevel["2"]?["id_smsc"]?.lowercased() == submit.messageID.lowercased())
        await recorder.close()
    }

    /// The whole way with the daemon's parts: an SMS the outbox holds as taken by
    /// the gateway goes out through the `jasmin` dialect (the daemon's `dlr-level=2`)
    /// with the id derived from its key; Jasmin's receipt reaches the daemon's
    /// report listener (ReportService, ReportHandler, ReceiptRecorder on a real
    /// SQLite outbox) and `status` counts the handset outcome on the broadcast.
    @Test(arguments: [(number, true), (JasminHarness.undeliverable, false)])
    func aReceiptShowsInStatusAsTheHandsetOutcome(recipient: String, delivered: Bool) async throws {
        let harness = try harness
        let listener = try await KannelReportIntegrationTests.Listener()
        let serving = Task { try await listener.service.run() }
        defer { serving.cancel() }
        let message = try await listener.held(Self.message(Self.chinese, id: "", to: recipient), gateway: "jasmin-main", to: recipient)
        let dialect = Jasmin(url: harness.sendURL, username: harness.username, password: harness.password, from: "96110",
                             reportCallback: ReportCallback(baseURL: listener.baseURL, token: KannelReportIntegrationTests.token,
                                                            gateway: "jasmin-main"))
        let (response, verdict) = try await send(dialect, message)
        guard case .delivered = verdict else {
            Issue.record("Jasmin did not take it: \(verdict) (\(response.status) \(response.bodyText))"); await listener.close(); return
        }
        _ = try #require(await harness.nextSubmit(), "the fake SMSC got no submit_sm")
        // Level 2 only: the handset's receipt, half a second after the submit.
        if let answer = await listener.nextAnswer(timeout: .seconds(10)) {
            #expect(answer.response.status == 200, "\(answer.response)")
        } else {
            Issue.record("Jasmin's receipt never reached the daemon's report listener")
        }
        let status = try #require(try await listener.store.broadcastStatuses(.all, limit: 10).first)
        #expect(status.handset.reported == 1)
        #expect(delivered ? status.handset.delivered == 1 : status.handset.failed == 1, "\(status.handset)")
        await listener.close()
    }
}

/// Starts one Jasmin for the suite it marks and stops it afterwards, whatever happens.
struct JasminScope: SuiteTrait, TestScoping {
    @TaskLocal static var current: JasminHarness?

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let harness = try JasminHarness()
        defer { harness.stop() }
        try await harness.start()
        try await Self.$current.withValue(harness) { try await function() }
    }
}

extension Trait where Self == JasminScope {
    static var jasmin: Self { JasminScope() }
}
