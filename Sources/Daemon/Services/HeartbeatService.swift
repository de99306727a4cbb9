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
                    try await Task.sleep(for: self.interval)
                }
            }
        } onGracefulShutdown: {
            self.notifier.stopping()
        }
    }
}
