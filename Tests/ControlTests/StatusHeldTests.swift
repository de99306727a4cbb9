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
        try fixture.outbox.enqueue([NewBroadcast(key: BroadcastKey(campaign: OperateFixture.campaign, message: "launch",
                                                                    occurrence: launch, region: "jiangxi/nanchang",
                                                                    channel: "sms", audience: "list"),
                                                 destination: "kannel", text: "【江西公安】谨防电信诈骗", dueAt: launch,
                                                 recipients: .list("/srv/lists/nanchang.txt", count: 10))], now: launch)
        let batch = try fixture.outbox.leaseBatch(now: launch, limit: 100, owner: "daemon", leaseSeconds: 300,
                                                  source: GoneSource())
        #expect(batch.leases.isEmpty && batch.heldProblems.count == 1)
        report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: launch + 10,
                                          processExists: { _ in false }, processStart: { _ in nil })
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
