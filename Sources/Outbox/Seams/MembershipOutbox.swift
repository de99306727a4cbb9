/// The daemon's record of itself, which `broadcastctl status` reads to tell a
/// running daemon from a stopped or crashed one. Today one daemon owns an
/// outbox (the state folder's lock); a shared backend keeps one record per daemon.
public protocol MembershipOutbox: Sendable {
    func recordDaemonStart(pid: Int32, now: Int64) async throws
    /// `emergencyStopAt`: when SIGUSR1 engaged the emergency stop; nil when it is not engaged.
    func recordHeartbeat(now: Int64, emergencyStopAt: Int64?) async throws
    func recordDaemonStop(now: Int64) async throws
    /// `error`: why the reload was refused; nil when it was taken. `changes`: what
    /// a taken reload changed, in one line (`1 message retimed: chunfeng/launch`).
    func recordReload(at time: Int64, error: String?, changes: String?) async throws
    /// The latest daemon's record; nil when no daemon has ever used this outbox.
    func daemonRecord() async throws -> DaemonRecord?
}
