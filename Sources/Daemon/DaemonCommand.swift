import ArgumentParser
import Foundation
import Loading
import Logging
import Plan

/// `broadcastd`: the service systemd runs.
public struct DaemonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastd",
        abstract: "Send planned public-awareness broadcasts (SMS and webhooks) from a schedule file.",
        discussion: "SIGHUP reloads broadcastd.conf and the schedule (all or nothing; the log says what changed); SIGTERM finishes transfers in flight and stops; SIGUSR1 is an emergency stop (nothing new is sent) until SIGUSR2 or a restart."
    )

    @Option(help: "The daemon config.")
    var config = "/etc/broadcastd/broadcastd.conf"

    @Option(help: ArgumentHelp("Start the clock at this time instead of now: 2021-02-09T19:59+08:00, 2021-02-09T19:59 (in the campaigns' zone), 2021-02-09, or 2d back from now.",
                               discussion: "For rehearsals and tests: the example campaign ran in 2021. The same forms as broadcastctl log --since."))
    var pretendNow: String?

    @Option(help: ArgumentHelp("How long a lease on a delivery holds, in seconds (default: the config's lease-time, else 300).",
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
            pretend = Double(try Self.pretendInstant(pretendNow, zones: CampaignZones.load(configPath: config),
                                                     now: Int64(Date().timeIntervalSince1970)))
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

extension DaemonCommand {
    /// `--pretend-now` read as `broadcastctl log --since` reads a time: a time without
    /// an offset is where the campaigns live.
    static func pretendInstant(_ text: String, zones: CampaignZones, now: Int64) throws -> Int64 {
        do {
            return try TimeInput.parse(text, now: now, clock: zones.clock(for: nil))
        } catch {
            throw ValidationError("--pretend-now: \(error.description)")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
