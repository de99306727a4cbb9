import Foundation
@testable import Outbox
import Testing
@testable import Control

/// The instances on a shared outbox (PostgreSQL), as `status` shows them:
/// judged by the heartbeat, and by the pid only on this machine.
struct StatusInstancesTests {
    static let now: Int64 = 1_612_872_000

    static func record(host: String = "node-a", stoppedAgo: Int64? = nil, heartbeatAgo: Int64, leased: Int64 = 0) -> InstanceRecord {
        InstanceRecord(generation: 12, host: host, pid: 4242, startedAt: now - 3_600, stoppedAt: stoppedAgo.map { now - $0 },
                       heartbeatAt: now - heartbeatAgo, leased: leased)
    }

    @Test(arguments: [
        (record(heartbeatAgo: 3), true, InstanceStatus.State.running),
        (record(heartbeatAgo: DaemonStatus.staleHeartbeatSeconds + 1), true, .notSeen),
        // This machine's instance whose process is gone: known at once, without waiting for the heartbeat to age.
        (record(heartbeatAgo: 3), false, .notRunning),
        // Another machine's pid means nothing here: only its heartbeat tells.
        (record(host: "node-b", heartbeatAgo: 3), false, .running),
        (record(host: "node-b", heartbeatAgo: 45), false, .notSeen),
        (record(stoppedAgo: 60, heartbeatAgo: 60), false, .stopped),
    ])
    func stateFromHeartbeatAndPid(record: InstanceRecord, alive: Bool, expected: InstanceStatus.State) {
        #expect(InstanceStatus(record, now: Self.now, localHost: "node-a", processExists: { _ in alive }).state == expected)
    }

    @Test func theSectionListsEachInstanceWithWhatItHoldsAndWhenItWasLastSeen() throws {
        let daemon = DaemonStatus(record: nil, now: Self.now, processExists: { _ in true })
        var report = StatusReport(version: 1, generatedAt: Timestamp(Self.now), outbox: "postgresql://broadcastd@db/broadcastd",
                                  daemon: daemon, broadcasts: [], upcoming: [], destinations: [], pauses: [], recentFailures: [])
        report.instances = [
            InstanceStatus(Self.record(host: "node-b", heartbeatAgo: 4, leased: 4), now: Self.now, localHost: "node-a",
                           processExists: { _ in true }),
            InstanceStatus(Self.record(heartbeatAgo: 41, leased: 3), now: Self.now, localHost: "node-a", processExists: { _ in false }),
        ]
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("""
            Instances on the shared outbox
              #12 node-b pid 4242: running since 2021-02-09 19:00:00 +08:00, heartbeat 4s ago, 4 leased
              #12 node-a pid 4242: NOT RUNNING (gone without a clean stop), not seen since 2021-02-09 19:59:19 +08:00 (41s ago), \
            3 leased until they expire and another instance takes them
            """), "\(text)")
        let json = try JSONOutput.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let first = try #require((object["instances"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["generation", "host", "pid", "state", "startedAt", "stoppedAt", "heartbeatAt", "leased"])
        #expect(first["state"] as? String == "running" && first["leased"] as? Int == 4)
        #expect(try JSONDecoder().decode(StatusReport.self, from: Data(json.utf8)) == report)
    }
}
