import ArgumentParser
import Foundation
import Logging

/// `broadcastd`: the service systemd runs.
public struct DaemonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastd",
        abstract: "Send planned public-awareness broadcasts (SMS and webhooks) from a schedule file.",
        discussion: "SIGHUP reloads the schedule; SIGTERM finishes transfers in flight and stops; SIGUSR1 is an emergency stop (nothing new is sent) until SIGUSR2 or a restart."
    )

    @Option(help: "The daemon config.")
    var config = "/etc/broadcastd/broadcastd.conf"

    @Option(help: ArgumentHelp("Start the clock at this time (ISO 8601, e.g. 2021-02-09T19:59:00+08:00) instead of now.",
                               discussion: "For rehearsals and tests: the example campaign ran in 2021."))
    var pretendNow: String?

    @Option(help: ArgumentHelp("How long a lease on a delivery holds, in seconds (default 300).",
                               discussion: """
                                   On a shared (PostgreSQL) outbox, another instance takes over the work of one that \
                                   was killed, stopped or cut off once its leases expired, at its next heartbeat \
                                   (every 10 s). Keep it above the longest gateway timeout plus a few seconds.
                                   """))
    var leaseTime: Int64?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    public init() {}

    public func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { JournalLogHandler(label: $0, level: level) }
        let logger = Logger(label: "broadcastd")
        var pretend: Double?
        if let pretendNow {
            guard let date = try? Date(pretendNow, strategy: .iso8601) else {
                throw ValidationError("--pretend-now: '\(pretendNow)' is not an ISO 8601 time like 2021-02-09T19:59:00+08:00")
            }
            pretend = date.timeIntervalSince1970
        }
        if let leaseTime, leaseTime < 1 {
            throw ValidationError("--lease-time: \(leaseTime) is not a number of seconds above 0")
        }
        do {
            try await DaemonRuntime(options: .init(configPath: config, pretendNow: pretend, leaseSeconds: leaseTime),
                                    logger: logger).run()
        } catch let error as DaemonRuntime.StartupError {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
