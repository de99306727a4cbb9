@testable import Daemon
@testable import DispatchRules
import DaemonConfig
import Delivery
import Foundation
import GatewaySimulator
import Loading
import Logging
import Outbox
import OutboxSQLite
import Testing

/// A gateway that answers "this recipient unsubscribed" (Twilio's 21610): the
/// delivery is skipped as `opted out`, not failed, and the number joins the
/// opt-out table, so the next broadcast skips it before sending.
@Suite(.timeLimit(.minutes(1)))
struct UnsubscribedAnswerTests {
    static let phones = ["+8613800000031", "+8613800000032"]

    @Test func anUnsubscribedAnswerSkipsTheDeliveryAndOptsTheNumberOut() async throws {
        let folder = NSTemporaryDirectory() + "unsubscribed-answer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulator = try await GatewaySimulator.start()
        let transport = HTTPTransport()
        let store = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
        let clock = WallClock()
        var destination = try DestinationFactory.make(gateway: {
            var gateway = GatewayConfiguration(name: "twilio-like", kind: .httpForm,
                                               url: SecretText(plain: simulator.url("/Messages.json")),
                                               location: .init(file: "t", line: 1, column: 1))
            gateway.fields = [NamedValue(name: "To", value: SecretText(plain: "{to}"))]
            gateway.unsubscribeStatuses = ["21610"]
            return gateway
        }())
        destination.optOuts = OptOutRecorder(outbox: store, clock: clock, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        simulator.script([.status(400, headers: ["Content-Type": "application/json"],
                                  body: #"{"code":21610,"message":"Attempt to send to unsubscribed recipient"}"#)],
                         for: "/Messages.json")

        let now = clock.seconds
        let key = BroadcastKey(campaign: "drill", message: "m", occurrence: now, region: "test", channel: "sms", audience: "list")
        _ = try await store.enqueue([NewBroadcast(key: key, destination: "twilio-like", text: "反诈演练", dueAt: now,
                                                  recipients: .inline(Self.phones))], now: now)
        let request = LeaseRequest(now: now, limit: 10, owner: "test", leaseSeconds: 60, destination: "twilio-like",
                                   campaign: "drill", source: RecipientFileSource(), caps: nil)
        let leases = try await store.recordAndLease([], request).batch.leases
        try #require(leases.count == 2)
        var outcomes: [Outcome] = []
        for lease in leases.sorted(by: { $0.recipient < $1.recipient }) {
            let attempt = DeliveryAttempt(lease: lease, destination: destination, campaignTitle: "演练", regionName: "测试区",
                                          utcOffset: 8 * 3600)
            outcomes.append(try #require(await attempt.run(transport: transport, clock: clock).outcome))
        }
        await transport.shutdown()
        await simulator.shutdown()

        #expect(outcomes.map(\.result) == [.skipped(.optedOut), .delivered(gatewayMessageID: nil)])
        let recorded = try await store.record(outcomes, owner: "test")
        #expect(recorded.refused.isEmpty)
        let optOuts = try await store.optOuts(limit: 1_000)
        #expect(optOuts.map(\.phone) == [Self.phones[0]])
        #expect(optOuts.map(\.source) == [OptOut.reportSource])
    }
}
