import Foundation
import Outbox

/// Whether broadcastd is running, judged from the row it keeps in the outbox:
/// its pid must name a live process and its heartbeat must be fresh (a pid
/// alone may have been reused since a crash).
struct DaemonStatus: Hashable, Sendable, Codable {
    enum State: String, Hashable, Sendable, Codable {
        case running
        /// The process exists but has not written a heartbeat for a while.
        case unresponsive
        /// It recorded a clean stop.
        case stopped
        /// It did not record a stop and its process is gone: killed or crashed.
        case notRunning = "not-running"
        /// No daemon has ever opened this outbox.
        case neverStarted = "never-started"
    }

    struct Reload: Hashable, Sendable, Codable {
        var at: Timestamp
        var succeeded: Bool
        /// The loader's diagnostics (`file:line:column: …` lines) when it failed.
        @JSONNullable var error: String? = nil
        /// What an applied reload changed, in one line (`1 message retimed: chunfeng/launch`).
        @JSONNullable var changes: String? = nil
    }

    /// A heartbeat older than this makes a live pid `unresponsive`.
    static let staleHeartbeatSeconds = InstanceRecord.staleHeartbeatSeconds

    var state: State
    @JSONNullable var pid: Int32? = nil
    @JSONNullable var startedAt: Timestamp? = nil
    @JSONNullable var stoppedAt: Timestamp? = nil
    @JSONNullable var heartbeatAt: Timestamp? = nil
    @JSONNullable var lastReload: Reload? = nil
    /// When the running daemon's emergency stop (SIGUSR1) was engaged, as of its last heartbeat.
    @JSONNullable var emergencyStopSince: Timestamp? = nil
    /// How far the daemon's clock is set from the wall clock (`broadcastd --pretend-now`);
    /// every time in the report is on the daemon's clock. 0 normally.
    var clockOffsetSeconds: Int64 = 0

    init(record: DaemonRecord?, now: Int64, clockOffset: Int64 = 0, processExists: (Int32) -> Bool) {
        clockOffsetSeconds = clockOffset
        guard let record else {
            state = .neverStarted
            return
        }
        pid = record.pid
        startedAt = Timestamp(record.startedAt)
        stoppedAt = record.stoppedAt.map(Timestamp.init)
        heartbeatAt = Timestamp(record.heartbeatAt)
        if let at = record.lastReloadAt {
            lastReload = Reload(at: Timestamp(at), succeeded: record.lastReloadSucceeded ?? false, error: record.lastReloadError,
                                changes: record.lastReloadChanges)
        }
        if record.stoppedAt != nil {
            state = .stopped
        } else if !processExists(record.pid) {
            state = .notRunning
        } else {
            state = now - record.heartbeatAt > DaemonStatus.staleHeartbeatSeconds ? .unresponsive : .running
            emergencyStopSince = record.emergencyStopAt.map(Timestamp.init)
        }
    }

    /// `kill(pid, 0)`, shared with the status page's judgement of instances.
    static let processExists: @Sendable (Int32) -> Bool = InstanceRecord.processExists
}
