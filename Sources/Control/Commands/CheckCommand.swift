import ArgumentParser
import DaemonConfig
import Foundation
import Loading
import Plan

/// `broadcastctl check`: the daemon's own loader, run before anything is sent.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check schedule files (and the daemon config) the way the daemon loads them.",
        discussion: "Prints every error and warning with file:line:column, then one line per file: SUCCESS or FAILED. Exits 1 on any error."
    )

    @Option(help: "The daemon config; also checks that every gateway and endpoint the schedules name is defined there.")
    var config: String?

    @Argument(help: "Schedule files; with --config and no files, the config's `schedule`.")
    var files: [String] = []

    @Flag(inversion: .prefixedNo, help: "With --config, rehearse the campaign and print its warnings (quiet hours, spills into caps).")
    var rehearse = true

    func validate() throws {
        if files.isEmpty && config == nil { throw ValidationError("name a schedule file, or --config to check the daemon's own") }
    }

    func run() throws {
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

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
