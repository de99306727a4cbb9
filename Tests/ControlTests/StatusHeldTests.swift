import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// `status` names a broadcast held because its list cannot be read, why, and
/// when the daemon tries again; the rest of the report is unaffected.
struct StatusHeldTests {
    struct GoneSource: RecipientSource {
        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            throw RecipientListUnavailable("cannot read the recipient list '/srv/lists/nanchang.txt' (missing or unreadable)")
        }
    }

    let fixture: OperateFixture
    let report: StatusReport

    init() async throws {
        fixture = try OperateFixture()
        let launch = OperateFixture.launch
        try Self.enqueueLaunch(into: fixture, through: "kannel")
        let batch = try fixture.outbox.leaseBatch(now: launch, limit: 100, owner: "daemon", leaseSeconds: 300,
                                                  source: GoneSource())
        #expect(batch.leases.isEmpty && batch.heldProblems.count == 1)
        report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: launch + 10,
                                          processExists: { _ in false }, processStart: { _ in nil })
    }

    /// The 20:00 launch to Nanchang's list of 10, through `destination`.
    static func enqueueLaunch(into fixture: OperateFixture, through destination: String) throws {
        let launch = OperateFixture.launch
        try fixture.outbox.enqueue([NewBroadcast(key: BroadcastKey(campaign: OperateFixture.campaign, message: "launch",
                                                                    occurrence: launch, region: "jiangxi/nanchang",
                                                                    channel: "sms", audience: "list"),
                                                 destination: destination, text: "【江西公安】谨防电信诈骗", dueAt: launch,
                                                 recipients: .list("/srv/lists/nanchang.txt", count: 10))], now: launch)
    }

    @Test func theTextNamesTheBroadcastTheProblemAndTheRetry() {
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("Held: the recipient list cannot be read"))
        #expect(text.contains("chunfeng/launch  jiangxi/nanchang  sms: cannot read the recipient list '/srv/lists/nanchang.txt'"))
        #expect(text.contains("tried again at 2021-02-09 20:01:00 +08:00"))
    }

    @Test func theJSONCarriesIt() async throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode(report).utf8)) as? [String: Any])
        let held = try #require(object["held"] as? [[String: Any]])
        #expect(held.count == 1)
        #expect(held.first?["region"] as? String == "jiangxi/nanchang")
        #expect(held.first?["retryAt"] as? String == "2021-02-09T12:01:00Z")
    }
}

/// `status` names a gateway a reload removed while deliveries wait for it:
/// how many wait, since which reload, and what to do; a removed gateway with
/// nothing waiting is not a hold.
struct StatusUnservedTests {
    @Test func aRemovedGatewayWithDeliveriesWaitingIsHeldWithItsReason() async throws {
        let fixture = try OperateFixture()
        let launch = OperateFixture.launch
        try StatusHeldTests.enqueueLaunch(into: fixture, through: "kannel-b")
        let kannelB = DestinationRate(name: "kannel-b", channel: "sms", perSecond: 100)
        let spare = DestinationRate(name: "spare", channel: "sms", perSecond: 10)
        let backend = try fixture.backend
        try await backend.publishRates([kannelB, spare], now: launch)
        // The reload at 20:00:30 removed both; only kannel-b has deliveries waiting.
        try await backend.publishRates([], now: launch + 30)
        let report = try await StatusReport.collect(from: backend, path: fixture.outboxPath, now: launch + 40,
                                                    processExists: { _ in false }, processStart: { _ in nil })
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("Held: the gateway or endpoint is no longer in broadcastd.conf"), "\(text)")
        #expect(text.contains("kannel-b (sms): 10 waiting since the reload at 2021-02-09 20:00:30 +08:00; put it back and reload"),
                "\(text)")
        #expect(!text.contains("spare (sms)"), "nothing waits for it: not a hold")

        let object = try #require(try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode(report).utf8)) as? [String: Any])
        let destinations = try #require(object["destinations"] as? [[String: Any]])
        let entry = try #require(destinations.first { $0["name"] as? String == "kannel-b" })
        #expect(entry["unservedSince"] as? String == "2021-02-09T12:00:30Z")
    }
}
