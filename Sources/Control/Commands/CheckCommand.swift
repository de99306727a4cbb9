import ArgumentParser
import DaemonConfig
import Foundation
import Loading
import OutboxOpening
import Plan

/// `broadcastctl check`: the daemon's own loader, run before anything is sent.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check schedule files (and the daemon config) the way the daemon loads them.",
        discussion: """
            Prints every error and warning with file:line:column, then one line per file: SUCCESS or FAILED. \
            With --connect, also opens the config's outbox the way broadcastctl reads it (creating nothing) and says \
            what failed: connection refused, no answer, authentication, database missing, TLS. Exits 1 on any error.
            """
    )

    @Option(help: "The daemon config; also checks that every gateway and endpoint the schedules name is defined there.")
    var config: String?

    @Flag(help: "With --config: also try the outbox it names (PostgreSQL: connect and sign in; SQLite: open the file).")
    var connect = false

    @Argument(help: "Schedule files; with --config and no files, the config's `schedule`.")
    var files: [String] = []

    @Flag(inversion: .prefixedNo, help: "With --config, rehearse the campaign and print its warnings (quiet hours, spills into caps).")
    var rehearse = true

    func validate() throws {
        if files.isEmpty && config == nil { throw ValidationError("name a schedule file, or --config to check the daemon's own") }
        if connect && config == nil { throw ValidationError("--connect tries the outbox a config names: give --config FILE") }
    }

    func run() async throws {
        var failed = false
        var configErrors = 0, configWarnings = 0
        var configuration: DaemonConfiguration?
        var schedulePaths = files
        if let config {
            let loaded = DaemonConfigCheck.load(path: config)
            Terminal.printDiagnostics(loaded.rendered())
            print(Terminal.verdictLine(config, ok: !loaded.hasErrors))
            failed = loaded.hasErrors
            configErrors = loaded.diagnostics.count { $0.severity == .error }
            configWarnings = loaded.diagnostics.count { $0.severity == .warning }
            configuration = loaded.configuration
            if connect, let configuration {
                let probe = await OutboxOpener.probe(configuration.outbox)
                Self.report(probe)
                if !probe.succeeded { failed = true; configErrors += 1 }
            }
            if schedulePaths.isEmpty, let configuration {
                do { schedulePaths = try configuration.scheduleFiles() } catch {
                    Terminal.printError("\(error)")
                    throw ExitCode(1)
                }
            }
        }
        let load = CampaignLoader.load(schedulePaths: schedulePaths, configuration: configuration)
        Terminal.printDiagnostics(load.rendered)
        for path in schedulePaths {
            let ok = !load.hasErrors(inSchedule: path)
            print(Terminal.verdictLine(path, ok: ok))
            if let campaign = load.campaigns.first(where: { $0.path == path }) {
                print("  \(campaign.plan.summary(people: PlanPeople(campaign.plan)))")
            }
        }
        var rehearsalWarnings = 0
        if rehearse, !failed, !load.hasErrors, let configuration {
            rehearsalWarnings = Self.printRehearsalWarnings(load, configuration: configuration)
        }
        // The summary counts what was printed above: the config's diagnostics, the schedules' and the rehearsal's.
        let errors = configErrors + load.errorCount, warnings = configWarnings + load.warningCount + rehearsalWarnings
        if load.hasErrors || failed {
            print("\(Self.counted(errors, "error")), \(Self.counted(warnings, "warning"))")
            throw ExitCode(1)
        }
        if warnings > 0 { print(Self.counted(warnings, "warning")) }
    }

    /// `Checking the outbox at 'PLACE'  SUCCESS` and what was found, or FAILED and why on stderr.
    static func report(_ probe: OutboxProbe) {
        Swift.print(Terminal.verdictLine(subject: "the outbox at '\(probe.place)'", ok: probe.succeeded))
        if let problem = probe.problem {
            Terminal.printError("\(problem.title): \(probe.detail)")
        } else {
            Swift.print("  \(probe.detail)")
        }
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
