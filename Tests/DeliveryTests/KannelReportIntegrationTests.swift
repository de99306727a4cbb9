@testable import Daemon
import Delivery
import Foundation
import Logging
import Outbox
@testable import OutboxSQLite
import Testing

/// Replies and delivery reports through the real Kannel into the daemon's report
/// listener and a real SQLite outbox: fakesmsc plays a phone that answers the
/// broadcast, smsbox's catch-all service fetches the listener's MO URL, and the
/// number lands in the opt-out table.
@Suite(.serialized, .enabled(if: KannelHarness.isInstalled), .timeLimit(.minutes(1)))
struct KannelReportIntegrationTests {
    static let token = "kannel-it-token-0123456789"

    typealias Exchange = (request: ReportRequest, response: ReportHandler.Response)

    /// The listener, its outbox, and every request it answered, in order, as events to await.
    final class Listener: Sendable {
        let service: ReportService
        let store: SQLiteOutbox
        let answers: AsyncStream<Exchange>
        let folder: String

        init(unsubscribeStatuses: [String: [String]] = [:]) async throws {
            folder = NSTemporaryDirectory() + "kannel-reports-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            store = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
            let logger = Logger(label: "kannel-reports") { _ in SwiftLogNoOpLogHandler() }
            let handler = ReportHandler(token: KannelReportIntegrationTests.token,
                                        rules: .init(keywords: .standard, unsubscribeStatuses: unsubscribeStatuses),
                                        recorder: OptOutRecorder(outbox: store, clock: WallClock(), logger: logger),
                                        receipts: ReceiptRecorder(outbox: store, clock: WallClock(), logger: logger),
                                        country: { .china }, logger: logger)
            let (answers, answered) = AsyncStream.makeStream(of: Exchange.self)
            self.answers = answers
            service = try await ReportService.bind(host: "127.0.0.1", port: 0, logger: logger) { request in
                let response = await handler.handle(request)
                answered.yield((request, response))
                return response
            }
        }

        var baseURL: String { "http://127.0.0.1:\(service.port)" }

        /// The next request the listener answered, or nil after `timeout`.
        func nextAnswer(timeout: Duration = .seconds(20)) async -> Exchange? {
            await answers.next(within: timeout)
        }

        /// `sent` as the daemon sends it: an SMS the outbox holds as taken by `gateway`
        /// (due now: a report is matched among the broadcasts of the week before it),
        /// with the id the daemon derives from its key.
        func held(_ sent: OutgoingMessage, gateway: String, to recipient: String) async throws -> OutgoingMessage {
            let key = BroadcastKey(campaign: sent.campaignName, message: sent.messageName, occurrence: sent.occurrence,
                                   region: sent.regionPath, channel: "sms", audience: "inline")
            let now = Int64(Date().timeIntervalSince1970)
            _ = try await store.enqueue([NewBroadcast(key: key, destination: gateway, text: sent.text,
                                                      dueAt: now, recipients: .inline([recipient]))], now: 0)
            let leases = try await store.recordAndLease([], LeaseRequest(
                now: now, limit: 10, owner: "it", leaseSeconds: 60, destination: gateway, campaign: key.campaign,
                source: NoLists(), caps: nil)).batch.leases
            let lease = try #require(leases.first)
            _ = try await store.record([Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now)], owner: "it")
            var message = sent
            message.deliveryID = DeliveryID.make(idempotencyKey: lease.key.idempotencyText)
            return message
        }

        func close() async {
            await service.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    func withKannel(_ listener: Listener, reply: String? = nil,
                    _ body: (KannelHarness) async throws -> Void) async throws {
        let harness = try KannelHarness(replyURL: "\(listener.baseURL)/\(Self.token)/kannel/mo?from=%p&text=%a", reply: reply)
        defer { harness.stop() }
        try await harness.start()
        try await body(harness)
    }

    @Test(arguments: [("+8613800000021", "text TD"), ("8613800000022", "ucs2 %90%00%8B%A2")])
    func aPhoneRepliesAndIsOptedOut(sender: String, message: String) async throws {
        let listener = try await Listener()
        let serving = Task { try await listener.service.run() }
        defer { serving.cancel() }
        try await withKannel(listener, reply: "\(sender) 96110 \(message)") { _ in
            let answer = try #require(await listener.nextAnswer(), "smsbox never called the listener")
            #expect(answer.response == .init(status: 200, body: "ok"))
        }
        let expected = sender.hasPrefix("+") ? sender : "+" + sender
        let optOuts = try await listener.store.optOuts(limit: 1_000)
        #expect(optOuts.map(\.phone) == [expected])
        #expect(optOuts.map(\.source) == ["reply"])
        await listener.close()
    }

    @Test func aDeliveryReportFromTheFakeSMSCReachesTheListener() async throws {
        let listener = try await Listener(unsubscribeStatuses: ["kannel-main": ["MK:0008"]])
        let serving = Task { try await listener.service.run() }
        defer { serving.cancel() }
        try await withKannel(listener) { harness in
            let callback = ReportCallback(baseURL: listener.baseURL, token: Self.token, gateway: "kannel-main")
            let dialect = Kannel(url: harness.sendSMSURL, username: harness.username, password: harness.password,
                                 from: "96110", dlrMask: 1 | 2 | 8 | 16, reportCallback: callback)
            let transport = HTTPTransport()
            let response = try await transport.send(try dialect.request(for: KannelIntegrationTests.message(), now: 0),
                                                    timeout: .seconds(10))
            await transport.shutdown()
            #expect(response.status == 202)
            // fakesmsc acknowledges at once: bearerbox reports "accepted by the SMSC" (8) and
            // "delivered" (1), in either order.
            var types: Set<String> = []
            for _ in 0..<2 {
                let answer = try #require(await listener.nextAnswer(), "a delivery report never reached the listener")
                #expect(answer.response == .init(status: 200, body: "ok"))
                let report = try ReportRoutes.parse(answer.request, token: Self.token).get().report
                guard case .deliveryReport(let dlr) = report else { Issue.record("not a delivery report: \(report)"); continue }
                #expect(dlr.gateway == "kannel-main" && dlr.deliveryID == "kannel-it-1" && dlr.recipient == "8613800000001")
                types.insert(answer.request.query["type"] ?? "none")
            }
            #expect(types == ["1", "8"])
        }
        // Reports that say "accepted" and "delivered" opt nobody out.
        #expect(try await listener.store.optOuts(limit: 1_000).isEmpty)
        await listener.close()
    }

    /// The handset outcome of a real Kannel's report lands on the SMS's broadcast:
    /// the SMS is one the outbox holds as taken by the gateway, sent with the id
    /// the daemon derives from its key; fakesmsc acknowledges it, bearerbox reports
    /// "accepted by the SMSC" (no outcome) and "delivered".
    @Test func aRealKannelReceiptCountsAsReachingTheHandset() async throws {
        let listener = try await Listener()
        let serving = Task { try await listener.service.run() }
        defer { serving.cancel() }
        let message = try await listener.held(KannelIntegrationTests.message(), gateway: "kannel-main",
                                              to: KannelIntegrationTests.number)

        try await withKannel(listener) { harness in
            let callback = ReportCallback(baseURL: listener.baseURL, token: Self.token, gateway: "kannel-main")
            let dialect = Kannel(url: harness.sendSMSURL, username: harness.username, password: harness.password,
                                 from: "96110", dlrMask: 1 | 2 | 8 | 16, reportCallback: callback)
            let transport = HTTPTransport()
            let response = try await transport.send(try dialect.request(for: message, now: 0), timeout: .seconds(10))
            await transport.shutdown()
            #expect(response.status == 202)
            for _ in 0..<2 {
                let answer = try #require(await listener.nextAnswer(), "a delivery report never reached the listener")
                #expect(answer.response.status == 200)
            }
        }
        let status = try #require(try await listener.store.broadcastStatuses(.all, limit: 10).first)
        #expect(status.handset.delivered == 1 && status.handset.reported == 1)
        await listener.close()
    }
}

/// No lists: the broadcast here is inline.
private struct NoLists: RecipientSource, Sendable {
    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        RecipientSlice(recipients: [], next: token, isEnd: true)
    }
}
