import Foundation
@testable import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// Running or not, from the daemon's row: a live pid with a fresh heartbeat.
struct StatusDaemonTests {
    static let now: Int64 = 1_612_872_000

    static func record(stoppedAt: Int64? = nil, heartbeatAgo: Int64) -> DaemonRecord {
        DaemonRecord(pid: 4242, startedAt: now - 86_400, stoppedAt: stoppedAt, heartbeatAt: now - heartbeatAgo,
                     lastReloadAt: nil, lastReloadSucceeded: nil, lastReloadError: nil)
    }

    @Test(arguments: [
        (record(heartbeatAgo: 2), true, DaemonStatus.State.running),
        (record(heartbeatAgo: DaemonStatus.staleHeartbeatSeconds), true, .running),
        (record(heartbeatAgo: DaemonStatus.staleHeartbeatSeconds + 1), true, .unresponsive),
        (record(heartbeatAgo: 2), false, .notRunning),
        (record(stoppedAt: now - 60, heartbeatAgo: 60), false, .stopped),
        // A pid reused by another process after a clean stop does not make it run.
        (record(stoppedAt: now - 60, heartbeatAgo: 60), true, .stopped),
    ])
    func stateFromPidAndHeartbeat(record: DaemonRecord, alive: Bool, expected: DaemonStatus.State) {
        #expect(DaemonStatus(record: record, now: Self.now, processExists: { _ in alive }).state == expected)
    }

    @Test(arguments: [
        (nil, 5, true, "broadcastd: running, pid 4242, since 2021-02-08 20:00:00 +08:00 (up 1d), heartbeat 5s ago"),
        (nil, 300, true, "broadcastd: UNRESPONSIVE: pid 4242 exists but its last heartbeat was 5m ago"),
        (nil, 300, false, "broadcastd: NOT RUNNING: pid 4242 is gone without a clean stop; last heartbeat 5m ago"),
        (3_900, 3_900, false, "broadcastd: stopped at 2021-02-09 18:55:00 +08:00 (1h 5m ago)"),
    ] as [(Int64?, Int64, Bool, String)])
    func theDaemonLineSaysWhatToThink(stoppedAgo: Int64?, heartbeatAgo: Int64, alive: Bool, expected: String) {
        let daemon = DaemonStatus(record: Self.record(stoppedAt: stoppedAgo.map { Self.now - $0 }, heartbeatAgo: heartbeatAgo),
                                  now: Self.now, processExists: { _ in alive })
        let report = StatusReport(version: 1, generatedAt: Timestamp(Self.now), outbox: "/var/lib/broadcastd/outbox.sqlite",
                                  daemon: daemon, broadcasts: [], upcoming: [], destinations: [], pauses: [], recentFailures: [])
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.hasPrefix(expected + "\noutbox /var/lib/broadcastd/outbox.sqlite, read 2021-02-09 20:00:00 +08:00\n"))
    }

    @Test func anEmergencyStopShowsUnderTheDaemonLineWithHowToLiftIt() {
        var record = Self.record(heartbeatAgo: 5)
        record.emergencyStopAt = Self.now - 120
        let daemon = DaemonStatus(record: record, now: Self.now, processExists: { _ in true })
        #expect(daemon.emergencyStopSince == Timestamp(Self.now - 120))
        let report = StatusReport(version: 1, generatedAt: Timestamp(Self.now), outbox: "/var/lib/broadcastd/outbox.sqlite",
                                  daemon: daemon, broadcasts: [], upcoming: [], destinations: [], pauses: [], recentFailures: [])
        let lines = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report).split(separator: "\n")
        let expected = "EMERGENCY STOP since 2021-02-09 19:58:00 +08:00 (SIGUSR1): nothing new is sent; lift with: systemctl kill -s SIGUSR2 broadcastd"
        #expect(lines.dropFirst().first.map(String.init) == expected)
        let stopped = DaemonStatus(record: Self.record(stoppedAt: Self.now - 60, heartbeatAgo: 60), now: Self.now, processExists: { _ in false })
        #expect(stopped.emergencyStopSince == nil)
    }

    @Test func noRowMeansItNeverRan() {
        let status = DaemonStatus(record: nil, now: Self.now, processExists: { _ in true })
        #expect(status.state == .neverStarted && status.pid == nil)
    }

    @Test func unknownFieldsAreWrittenAsNullNotLeftOut() async throws {
        let json = try JSONOutput.encode(DaemonStatus(record: nil, now: Self.now, processExists: { _ in true }))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["state", "pid", "startedAt", "stoppedAt", "heartbeatAt", "lastReload", "emergencyStopSince",
                                     "clockOffsetSeconds"])
        #expect(object["pid"] is NSNull && object["state"] as? String == "never-started")
        #expect(try JSONDecoder().decode(DaemonStatus.self, from: Data(#"{"state":"stopped","clockOffsetSeconds":0}"#.utf8)).pid == nil)
    }

    @Test func thisProcessExistsAndPidZeroDoesNot() {
        #expect(DaemonStatus.processExists(getpid()))
        #expect(!DaemonStatus.processExists(0))
    }

    @Test func aCrashedDaemonIsSaidToBeGone() async throws {
        let fixture = try OperateFixture()
        try fixture.outbox.recordDaemonStart(pid: 4242, now: Self.now - 600)
        let outcome = await StatusCommand.outcome(outbox: try fixture.backend, path: fixture.outboxPath, now: Self.now, json: false,
                                            bars: false, display: OperateFixture.shanghai, processExists: { _ in false })
        #expect(outcome.succeeded)
        #expect(outcome.text.hasPrefix("broadcastd: NOT RUNNING: pid 4242 is gone without a clean stop; last heartbeat 10m ago\n"))
        #expect(outcome.text.contains("Broadcasts\n  none due yet"))
    }
}
