import Foundation
import Outbox

/// One instance on a shared outbox (PostgreSQL) as `status` shows it, judged
/// as the daemon's status page judges it (`InstanceRecord.state`).
struct InstanceStatus: Hashable, Sendable, Codable {
    typealias State = InstanceRecord.State

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
        state = record.state(now: now, localHost: localHost, processExists: processExists)
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
