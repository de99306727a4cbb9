import CivilDate
import Foundation
import LineLanguage
import Outbox
@testable import OutboxSQLite
import Schedule
import Testing
@testable import Control

/// A broadcast held by quiet hours behind a slow gateway says so, with its resume
/// and finish from the configured rate and the quiet windows (the rehearsal's model),
/// not "about 38 s to finish" from the last minute's pace.
struct StatusProjectionTests {
    /// 21:30-08:00 quiet for SMS in Nanchang.
    static let chunfeng = Campaign(name: OperateFixture.campaign, title: "春风行动", starts: LocalDate(year: 2021, month: 2, day: 9)!,
                                   ends: LocalDate(year: 2021, month: 3, day: 9)!, timeZone: "Asia/Shanghai",
                                   quiet: [QuietWindow(start: LocalTime(hour: 21, minute: 30)!, end: LocalTime(hour: 8, minute: 0)!,
                                                       channels: [.sms])],
                                   location: SourceLocation(file: "chunfeng.schedule", line: 1, column: 1))

    let fixture: OperateFixture

    init() throws {
        fixture = try OperateFixture()
        try fixture.enqueueCampaign()
        let launch = OperateFixture.launch
        // The webhook went at once; of the 20 SMS, 2 went before the gateway slowed to its 1/min.
        try fixture.record(try fixture.lease(at: launch, channel: "webhook"), .delivered(gatewayMessageID: nil), at: launch + 1)
        try fixture.record(try fixture.lease(at: launch, limit: 2, channel: "sms"), .delivered(gatewayMessageID: nil), at: launch + 2)
        try fixture.outbox.updateDestination(name: "kannel", channel: "sms", ratePerSecond: 1.0 / 60, errorRate: 0, now: launch)
    }

    func report(at now: Int64) async throws -> StatusReport {
        try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: now,
                                       campaigns: [OperateFixture.campaign: Self.chunfeng], processExists: { _ in false })
    }

    @Test func heldByQuietHoursThenBoundByTheGatewaysRate() async throws {
        // 22:00 in Nanchang: quiet until 08:00; 18 SMS left at 1/min end at 08:18.
        let now = OperateFixture.launch + 2 * 3_600
        let report = try await report(at: now)
        let launch = try #require(report.broadcasts.first { $0.message == "launch" })
        let projection = try #require(launch.projection)
        #expect(projection.quietUntil == Timestamp(OperateFixture.launch + 12 * 3_600))
        #expect(projection.boundBy == "kannel" && projection.limitPerSecond == 1.0 / 60)
        #expect(projection.finishAt == Timestamp(OperateFixture.launch + 12 * 3_600 + 18 * 60))
        let left: Int64? = 10 * 3_600 + 18 * 60
        #expect(launch.secondsToFinish == left)
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("\n    held by quiet hours until 2021-02-10 08:00 +08:00 (in 10h)\n"
            + "    bound by kannel at 1/min: finishes about 2021-02-10 08:18 +08:00 (in 10h 18m)\n"), "\(text)")
        #expect(!text.contains("to finish"))
        let json = try JSONOutput.encode(report, pretty: false)
        #expect(json.contains(#""projection":{"boundBy":"kannel","finishAt":"2021-02-10T00:18:00Z","#))
    }

    @Test func beforeTheQuietWindowTheFinishStepsOverIt() async throws {
        // 21:20: ten minutes of sending (10 SMS) before 21:30, the other 8 from 08:00.
        let now = OperateFixture.launch + 80 * 60
        let projection = try #require(try await report(at: now).broadcasts.first { $0.message == "launch" }?.projection)
        #expect(projection.quietUntil == nil)
        #expect(projection.finishAt == Timestamp(OperateFixture.launch + 12 * 3_600 + 8 * 60))
    }

    @Test func withoutTheScheduleThereIsNoProjection() async throws {
        let report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath,
                                                    now: OperateFixture.launch + 60, processExists: { _ in false })
        #expect(report.broadcasts.allSatisfy { $0.projection == nil })
        #expect(try JSONOutput.encode(report, pretty: false).contains(#""projection":null"#))
    }
}
