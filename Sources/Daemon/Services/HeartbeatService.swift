import Logging
import Outbox
import ServiceLifecycle

/// Tells systemd the daemon is alive (`WATCHDOG=1` when `WatchdogSec=` is set)
/// and writes a heartbeat to the outbox, which `broadcastctl status` reads to
/// tell a running daemon from a crashed one. The watchdog is petted only while
/// `progress` says the dispatcher and the reloader are getting on: a beat of
/// its own proves only that this loop runs, not that the daemon works.
public final class HeartbeatService: Service {
    private let store: OutboxStore
    private let notifier: SystemdNotifier
    private let clock: WallClock
    private let interval: Duration
    private let logger: Logger
    private let progress: ProgressMonitor?

    public init(store: OutboxStore, notifier: SystemdNotifier, clock: WallClock, logger: Logger,
                progress: ProgressMonitor? = nil) {
        self.store = store
        self.progress = progress
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
        interval = min(notifier.watchdogInterval ?? .seconds(10), .seconds(10))
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilGracefulShutdown {
                while !Task.isCancelled {
                    self.petWatchdog()
                    let now = self.clock.seconds
                    do {
                        try await self.store.perform { try $0.recordHeartbeat(now: now) }
                    } catch {
                        self.logger.error("cannot write the heartbeat", metadata: ["error": "\(error)"])
                    }
                    await self.pruneReached()
                    try await Task.sleep(for: self.interval)
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

    /// Gives back the de-duplication rows of finished reaches, a chunk per
    /// outbox call so leases and records interleave, and at most a bounded
    /// number of chunks per beat so the watchdog is never late.
    private func pruneReached() async {
        let chunk = 5_000
        for _ in 0..<20 {
            do {
                guard try await store.perform({ try $0.pruneReached(limit: chunk) }) == chunk else { return }
            } catch {
                logger.error("cannot prune the de-duplication rows of finished broadcasts", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
