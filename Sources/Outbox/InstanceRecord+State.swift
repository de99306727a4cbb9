#if canImport(Glibc)
import Glibc
#endif

extension InstanceRecord {
    /// How an instance is doing. Here, beside the record, so `broadcastctl status`
    /// and the daemon's status page judge an instance alike from one piece of code.
    /// The instances may run on other machines, so their heartbeat is what tells:
    /// a pid is checked only on this machine's own instances.
    public enum State: String, Hashable, Sendable, Codable {
        case running
        /// It recorded a clean stop.
        case stopped
        /// Its heartbeat is older than `staleHeartbeatSeconds`: killed, stopped,
        /// cut off from the database or hung. Others take over its leases once they expire.
        case notSeen = "not-seen"
        /// An instance of this machine whose process is gone without a clean stop.
        case notRunning = "not-running"
    }

    /// A heartbeat older than this: not seen (and a single daemon's live pid, unresponsive).
    public static let staleHeartbeatSeconds: Int64 = 30

    /// Its state at `now` (on its own clock, as the heartbeat), judged on the machine named `localHost`.
    public func state(now: Int64, localHost: String, processExists: (Int32) -> Bool) -> State {
        if stoppedAt != nil { return .stopped }
        if host == localHost, let pid, !processExists(pid) { return .notRunning }
        return now - (heartbeatAt ?? startedAt ?? 0) > Self.staleHeartbeatSeconds ? .notSeen : .running
    }

    /// `kill(pid, 0)`: no signal is sent. EPERM means the process exists but
    /// belongs to another user, as the daemon does when it runs as its own.
    public static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
