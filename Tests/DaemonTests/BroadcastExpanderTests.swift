@testable import Daemon
@testable import DispatchRules
import CivilDate
import Foundation
import Loading
import Outbox
@testable import OutboxSQLite
import Plan
import Schedule
import Testing

/// The shipped 春风 campaign: the launch goes to the province, every city and
/// every county, whose phone lists overlap on purpose.
struct BroadcastExpanderTests {
    static let schedule = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/chunfeng/campaign.schedule").path

    /// 2021-02-09 20:00 in Shanghai.
    static let launch = Occurrence(message: "launch",
                                   local: LocalDateTime(date: LocalDate(dayNumber: 18_667), time: LocalTime(hour: 20, minute: 0)!),
                                   instant: 1_612_872_000, utcOffset: 28_800)

    @Test func phoneListsAreRankedByTheirRegionsDepthAndEndpointsStandApart() throws {
        let load = CampaignLoader.load(schedulePaths: [Self.schedule], configuration: nil)
        let campaign = try #require(load.campaigns.first, "\(load.rendered)")
        let broadcasts = BroadcastExpander.broadcasts(of: Self.launch, in: campaign)

        let lists = broadcasts.filter { $0.key.channel == "sms" }
        #expect(Set(lists.map(\.rank)) == [2, 3], "cities and counties have lists; the province has none")
        for broadcast in lists {
            #expect(broadcast.rank == broadcast.key.region.split(separator: "/").count, "\(broadcast.key)")
            guard case .list = broadcast.recipients else { Issue.record("\(broadcast.key) is not a list"); continue }
        }
        let endpoints = broadcasts.filter { $0.key.channel == "webhook" }
        #expect(!endpoints.isEmpty)
        for broadcast in endpoints {
            #expect(broadcast.recipients == .inline([broadcast.key.audience]), "\(broadcast.key)")
        }
    }
}
