import Logging
import ServiceLifecycle

/// Says READY=1, and logs "broadcastd ready", from inside the running service
/// group. The group traps SIGTERM and SIGINT before it starts its services, so
/// a stop that comes right after READY (systemd, a test, an operator quick on
/// the keys) is a graceful one. Sent before the group ran, READY left a moment
/// in which SIGTERM's default action ended the process with no graceful stop.
final class ReadinessService: Service {
    private let notifier: SystemdNotifier
    private let status: String
    private let metadata: Logger.Metadata
    private let logger: Logger

    init(notifier: SystemdNotifier, status: String, metadata: Logger.Metadata, logger: Logger) {
        self.notifier = notifier
        self.status = status
        self.metadata = metadata
        self.logger = logger
    }

    func run() async throws {
        logger.info("broadcastd ready", metadata: metadata)
        notifier.ready(status: status)
        // A service that returns ends the group: this one lives until the stop.
        try? await gracefulShutdown()
    }
}
