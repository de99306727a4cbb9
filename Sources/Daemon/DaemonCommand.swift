import ArgumentParser
import Foundation
import Logging

/// `broadcastd`: the service systemd runs.
public struct DaemonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastd",
        abstract: "Send planned public-awareness broadcasts (SMS and webhooks) from a schedule file.",
        discussion: "SIGHUP reloads broadcastd.conf and the schedule (all or nothing; the log says what changed); SIGTERM finishes transfers in flight and stops; SIGUSR1 is an emergency stop (nothing new is sent) until SIGUSR2 or a restart."
    )

    @Option(help: "The daemon config.")
    var config = "/etc/broadcastd/broadcastd.conf"

    @Option(help: ArgumentHelp("Start the clock at this time (ISO 8601, e.g. 2021-02-09T19:59:00+08:00) instead of now.",
                               discussion: "For rehearsals and tests: the example campaign ran in 2021."))
    var pretendNow: String?

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
        do {
            try await DaemonRuntime(options: .init(configPath: config, pretendNow: pretend), logger: logger).run()
        } catch let error as DaemonRuntime.StartupError {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
