import Foundation
import Outbox

/// One instance on a shared outbox (PostgreSQL) as `status` shows it. The
/// instances may run on other machines, so their heartbeat is what tells:
/// a pid is checked only on this machine's own instances.
struct InstanceStatus: Hashable, Sendable, Codable {
    enum State: String, Hashable, Sendable, Codable {
        case running
        /// It recorded a clean stop.
        case stopped
        /// Its heartbeat is older than `DaemonStatus.staleHeartbeatSeconds`:
        /// killed, stopped, cut off from the database or hung. Others take over
        /// its leases once they expire.
        case notSeen = "not-seen"
        /// An instance of this machine whose process is gone without a clean stop.
        case notRunning = "not-running"
    }

    var generation: Int64
    var host: String
    @JSONNullable var pid: Int32? = nil
    var state: State
    @JSONNullable var startedAt: Timestamp? = nil
    @JSONNullable var stoppedAt: Timestamp? = nil
    /// When it was last seen; on its own clock, as every time in the report.
    @JSONNullable var heartbeatAt: Timestamp? = nil
    /// Deliveries it holds leased: in flight, or not yet given back.
    var leased: Int64

    init(_ record: InstanceRecord, now: Int64, localHost: String, processExists: (Int32) -> Bool) {
        generation = record.generation
        host = record.host
        pid = record.pid
        startedAt = record.startedAt.map(Timestamp.init)
        stoppedAt = record.stoppedAt.map(Timestamp.init)
        heartbeatAt = record.heartbeatAt.map(Timestamp.init)
        leased = record.leased
        if record.stoppedAt != nil {
            state = .stopped
        } else if record.host == localHost, let pid = record.pid, !processExists(pid) {
            state = .notRunning
        } else if now - (record.heartbeatAt ?? record.startedAt ?? 0) > DaemonStatus.staleHeartbeatSeconds {
            state = .notSeen
        } else {
            state = .running
        }
    }

    /// `  #12 node-a pid 4711: running since …, heartbeat 3s ago, 4 leased`.
    func line(now: Int64, display: Display) -> String {
        func ago(_ time: Timestamp?) -> String { time.map { Display.duration(now - $0.seconds) + " ago" } ?? "never" }
        let name = "  #\(generation) \(host) pid \(pid.map(String.init) ?? "?")"
        let seen = heartbeatAt.map { "not seen since \(display.time($0.seconds)) (\(ago($0)))" } ?? "never seen"
        let holds = leased == 0 ? "" : ", \(Display.count(leased)) leased"
        switch state {
        case .running:
            let since = startedAt.map { " since \(display.time($0.seconds))" } ?? ""
            return "\(name): running\(since), heartbeat \(ago(heartbeatAt))\(holds)"
        case .stopped:
            return "\(name): stopped at \(stoppedAt.map { display.time($0.seconds) } ?? "?")\(holds)"
        case .notRunning:
            return "\(name): NOT RUNNING (gone without a clean stop), \(seen)\(holds)"
                + (leased == 0 ? "" : " until they expire and another instance takes them")
        case .notSeen:
            return "\(name): NOT SEEN: \(seen)\(holds)" + (leased == 0 ? "" : " until they expire and another instance takes them")
        }
    }
}
