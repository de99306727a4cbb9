import DispatchRules
import Logging
import Outbox
import ServiceLifecycle

/// Runs `BroadcastWatch` over an outbox snapshot every few seconds. The
/// operator's controls write the outbox directly (no signal reaches the
/// daemon), so reading it is how the daemon sees them; one read snapshot
/// never holds back the dispatcher's writes.
final class BroadcastWatchService: Service {
    static let interval: Duration = .seconds(5)

    private let outbox: any StatusOutbox
    private let clock: any WallTimeClock
    private let logger: Logger

    init(outbox: any StatusOutbox, clock: any WallTimeClock, logger: Logger) {
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        try await runUntilGracefulShutdown {
            var watch = BroadcastWatch()
            while !Task.isCancelled {
                let now = self.clock.seconds
                do {
                    // The watch reads the occurrences' counts and the pauses only: no closed counts, no totals.
                    let snapshot = try await self.outbox.status(StatusQuery(now: { _ in now }, rateWindowSeconds: 60,
                                                                            broadcasts: 50, upcoming: 0, failures: 0,
                                                                            closedCounts: false, occurrencesOnly: true))
                    for line in watch.observe(snapshot) { line.emit(to: self.logger) }
                } catch {
                    // The heartbeat and the dispatcher say when the outbox is in trouble.
                    self.logger.debug("cannot read the outbox to watch broadcasts", metadata: ["error": "\(error)"])
                }
                try await self.clock.sleep(for: Self.interval)
            }
        }
    }
}
