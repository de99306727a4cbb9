import Foundation
import Testing
@testable import Control
@testable import Outbox
@testable import OutboxSQLite

/// A daemon on a pretend clock (`broadcastd --pretend-now`) is read on its clock.
struct StatusClockTests {
    static let wallStart: Int64 = 1_795_942_800
    static let pretendStart: Int64 = 1_612_871_990 // 2021-02-09 19:59:50 +08:00

    static func record(startedAt: Int64, stoppedAt: Int64? = nil) -> DaemonRecord {
        DaemonRecord(pid: 4242, startedAt: startedAt, stoppedAt: stoppedAt, heartbeatAt: startedAt,
                     lastReloadAt: nil, lastReloadSucceeded: nil, lastReloadError: nil)
    }

    @Test func aPretendClockIsTheDifferenceBetweenRecordedAndProcessStart() {
        #expect(DaemonClock.offset(of: Self.record(startedAt: Self.pretendStart), processStart: { _ in Self.wallStart })
            == Self.pretendStart - Self.wallStart)
    }

    @Test func aFewSecondsApartIsNoShift() {
        #expect(DaemonClock.offset(of: Self.record(startedAt: Self.wallStart + 3), processStart: { _ in Self.wallStart }) == 0)
    }

    @Test func aStoppedOrUnknownProcessIsNoShift() {
        let stopped = Self.record(startedAt: Self.pretendStart, stoppedAt: Self.pretendStart + 60)
        #expect(DaemonClock.offset(of: stopped, processStart: { _ in Self.wallStart }) == 0)
        #expect(DaemonClock.offset(of: Self.record(startedAt: Self.pretendStart), processStart: { _ in nil }) == 0)
        #expect(DaemonClock.offset(of: nil, processStart: { _ in Self.wallStart }) == 0)
    }

    @Test func theStartIsField22CountedAfterTheLastParenthesis() {
        let stat = "4242 (broad cast) d) S 1 4242 4242 0 -1 4194560 1 0 0 0 2 1 0 0 20 0 3 0 12345 1000 10 1844 0 0"
        #expect(DaemonClock.startTime(stat: stat, bootTime: 1_000, ticksPerSecond: 100) == 1_123)
        #expect(DaemonClock.startTime(stat: "4242 (x) S 1", bootTime: 1_000, ticksPerSecond: 100) == nil)
    }

    @Test func aProcessThatIsNotBroadcastdHasNoStartToCompare() {
        #expect(DaemonClock.processStart(getpid()) == nil)
    }

    @Test func statusReadsARehearsalOnTheDaemonsClock() async throws {
        let fixture = try OperateFixture()
        try fixture.enqueueCampaign()
        let outbox = fixture.outbox
        try outbox.recordDaemonStart(pid: 4242, now: Self.pretendStart)
        let leases = try fixture.lease(at: OperateFixture.launch)
        try fixture.record(leases.prefix(10), .delivered(gatewayMessageID: nil), at: OperateFixture.launch + 5)
        try outbox.recordHeartbeat(now: OperateFixture.launch + 9)
        // 20 s after the process started on the wall clock, the daemon's clock says 20:00:10.
        let report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: Self.wallStart + 20,
                                              processExists: { $0 == 4242 }, processStart: { _ in Self.wallStart })
        #expect(report.generatedAt == Timestamp(OperateFixture.launch + 10))
        #expect(report.daemon.state == .running)
        #expect(report.daemon.clockOffsetSeconds == Self.pretendStart - Self.wallStart)
        #expect(report.broadcasts.first?.ratePerSecond == 1)
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("\nits clock runs 2118d 21h behind the wall clock (--pretend-now); times below are on its clock\n"))
    }
}
