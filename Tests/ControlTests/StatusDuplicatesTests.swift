import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// A number on two regions' lists is sent once: `status` shows the other list
/// position as a duplicate, so delivered and the rest add up to the total.
struct StatusDuplicatesTests {
    /// A city's list and its county's, sharing three numbers, read to the end.
    @Test func duplicatesCloseTheGapBetweenCountsAndTotal() async throws {
        let fixture = try OperateFixture()
        let county = OperateFixture.phones("nanchang", count: 5)
        let city = OperateFixture.phones("nanchang", count: 3) + OperateFixture.phones("jiujiang", count: 4)
        let source = Lists(lists: ["county": county, "city": city])
        try fixture.outbox.enqueue([
            Self.list(region: "nanchang/donghu", rank: 3, list: "county", count: county.count),
            Self.list(region: "nanchang", rank: 2, list: "city", count: city.count),
        ], now: OperateFixture.launch - 60)
        let now = OperateFixture.launch + 10
        let leases = try fixture.outbox.leaseDue(now: now, limit: 100, owner: "daemon", leaseSeconds: 300, source: source)
        try fixture.record(leases, .delivered(gatewayMessageID: nil), at: now)
        let report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: now + 1,
                                              processExists: { _ in false }, processStart: { _ in nil })

        let launch = try #require(report.broadcasts.first)
        #expect(launch.total == 12)
        #expect(launch.counts.delivered == 9)
        #expect(launch.duplicates == 3)
        #expect(launch.counts.total + launch.duplicates == launch.total)
        #expect(launch.state == .finished)
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("100%  9 of 12 delivered\n    duplicates 3 (listed again, sent once)"), "\(text)")
    }

    static func list(region: String, rank: Int, list: String, count: Int) -> NewBroadcast {
        NewBroadcast(key: BroadcastKey(campaign: OperateFixture.campaign, message: "launch", occurrence: OperateFixture.launch,
                                       region: region, channel: "sms", audience: "list"),
                     destination: "kannel", text: "【江西公安】谨防电信诈骗", dueAt: OperateFixture.launch,
                     recipients: .list(list, count: Int64(count)), rank: rank)
    }

    struct Lists: RecipientSource {
        var lists: [String: [String]]

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            let all = lists[list] ?? []
            let end = min(Int(token) + limit, all.count)
            return RecipientSlice(recipients: Array(all[Int(token)..<end]), next: Int64(end), isEnd: end == all.count)
        }
    }
}
