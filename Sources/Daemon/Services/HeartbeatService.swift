import DispatchRules
import Logging
import Outbox
import ServiceLifecycle

/// Tells systemd the daemon is alive (`WATCHDOG=1` when `WatchdogSec=` is set)
/// and writes a heartbeat to the outbox, which `broadcastctl status` reads to
/// tell a running daemon from a crashed one. The watchdog is petted only while
/// `progress` says the dispatcher and the reloader are getting on: a beat of
/// its own proves only that this loop runs, not that the daemon works.
public final class HeartbeatService: Service {
    private let outbox: any HousekeepingOutbox & MembershipOutbox
    private let notifier: SystemdNotifier
    private let clock: any WallTimeClock
    private let interval: Duration
    /// Seconds the delivery log keeps an entry (`log-retention`).
    private let logRetention: Int64
    private let emergencyStop: EmergencyStop
    private let logger: Logger
    private let progress: ProgressMonitor?
    private let metrics: DaemonMetrics?
    /// On a shared outbox (PostgreSQL): makes every lease that expired due again at
    /// each beat, so a killed instance's work is taken over by the others within
    /// the lease time and one beat. (A SQLite daemon releases them once, at start.)
    private let takesOverExpiredLeases: Bool

    public init(outbox: any HousekeepingOutbox & MembershipOutbox, notifier: SystemdNotifier, clock: any WallTimeClock, logRetention: Int64,
                emergencyStop: EmergencyStop = EmergencyStop(), logger: Logger, progress: ProgressMonitor? = nil,
                metrics: DaemonMetrics? = nil, takesOverExpiredLeases: Bool = false) {
        self.metrics = metrics
        self.takesOverExpiredLeases = takesOverExpiredLeases
        self.emergencyStop = emergencyStop
        self.outbox = outbox
        self.progress = progress
        self.notifier = notifier
        self.clock = clock
        self.logRetention = logRetention
        self.logger = logger
        interval = min(notifier.watchdogInterval ?? .seconds(10), .seconds(10))
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilGracefulShutdown {
                var trouble = OutboxTrouble(retryDelay: Double(self.interval.components.seconds))
                while !Task.isCancelled {
                    self.petWatchdog()
                    let now = self.clock.seconds
                    let stoppedAt = self.emergencyStop.since.map { Int64($0) }
                    do {
                        try await self.outbox.recordHeartbeat(now: now, emergencyStopAt: stoppedAt)
                        self.metrics?.heartbeat(at: now)
                        self.metrics?.outbox(up: true)
                        trouble.succeeded("writing the heartbeat", at: self.clock.now.timeIntervalSince1970, logger: self.logger)
                    } catch {
                        self.metrics?.outbox(up: false)
                        trouble.failed("writing the heartbeat", error: error, at: self.clock.now.timeIntervalSince1970, logger: self.logger)
                        try await self.clock.sleep(for: self.interval)
                        continue
                    }
                    if self.takesOverExpiredLeases { await self.takeOverExpiredLeases(now: now) }
                    await self.prune("the de-duplication rows of finished broadcasts") { try await $0.pruneReached(limit: $1) }
                    let cutoff = now - self.logRetention
                    await self.prune("the delivery log") { try await $0.pruneLog(before: cutoff, limit: $1) }
                    try await self.clock.sleep(for: self.interval)
                }
            }
        } onGracefulShutdown: {
            self.notifier.stopping()
        }
    }

    /// `WATCHDOG=1` unless a loop is stalled; then the error is logged on
    /// every beat and systemd restarts the daemon when `WatchdogSec=` runs out.
    private func petWatchdog() {
        let stalls = progress?.stalls() ?? []
        guard stalls.isEmpty else {
            logger.critical("not petting the systemd watchdog: the daemon is stuck",
                            metadata: ["stalls": "\(stalls.joined(separator: "; "))"])
            return
        }
        notifier.watchdog()
    }

    /// Leases that expired by `now` (their instance was killed, paused or cut off)
    /// made due again; fencing refuses a late outcome from the instance that held one.
    private func takeOverExpiredLeases(now: Int64) async {
        do {
            let released = try await outbox.releaseExpiredLeases(now: now)
            if released > 0 {
                logger.notice("took over expired leases of another instance", metadata: ["deliveries": "\(released)"])
            }
        } catch {
            logger.error("cannot release expired leases", metadata: ["error": "\(error)"])
        }
    }

    /// Deletes what the outbox no longer needs (the de-duplication rows of
    /// finished reaches, log entries past their retention) a chunk per outbox
    /// call so leases and records interleave, and at most a bounded number of
    /// chunks per beat so the watchdog is never late: 100 000 rows a beat, far
    /// more than a province's sends add in ten seconds.
    private func prune(_ what: String, chunk: Int = 5_000, step: (any HousekeepingOutbox, Int) async throws -> Int) async {
        for _ in 0..<20 {
            do {
                guard try await step(outbox, chunk) == chunk else { return }
            } catch {
                logger.error("cannot prune \(what)", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
