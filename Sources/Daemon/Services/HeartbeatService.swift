import Logging
import Outbox
import ServiceLifecycle

/// Tells systemd the daemon is alive (`WATCHDOG=1` when `WatchdogSec=` is set)
/// and writes a heartbeat to the outbox, which `broadcastctl status` reads to
/// tell a running daemon from a crashed one.
public final class HeartbeatService: Service {
    private let store: OutboxStore
    private let notifier: SystemdNotifier
    private let clock: WallClock
    private let interval: Duration
    private let logger: Logger

    public init(store: OutboxStore, notifier: SystemdNotifier, clock: WallClock, logger: Logger) {
        self.store = store
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
        interval = min(notifier.watchdogInterval ?? .seconds(10), .seconds(10))
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilGracefulShutdown {
                while !Task.isCancelled {
                    self.notifier.watchdog()
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
