import ArgumentParser
import CivilDate
import LineLanguage
import Loading
import Plan
import Schedule

/// `broadcastctl plan`: exactly what a schedule will send, in time order.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a schedule will send: every occurrence, region and channel, in time order."
    )

    @Argument(help: "The schedule file.")
    var file: String

    @Option(help: "First day to show (YYYY-MM-DD).", transform: CommandLineValues.date)
    var from: LocalDate?

    @Option(help: "Last day to show, inclusive (YYYY-MM-DD).", transform: CommandLineValues.date)
    var to: LocalDate?

    @Option(help: "Only these regions: PATH, PATH/* (children) or PATH/** (descendants); repeat for several.",
            transform: CommandLineValues.regionSelector)
    var region: [RegionSelector] = []

    @Option(help: "Only this channel: sms or webhook.", transform: CommandLineValues.channel)
    var channel: Channel?

    @Flag(help: "One JSON object per line, per (occurrence, region, channel).")
    var json = false

    @Option(help: "One row per week (Monday to Sunday) or month, then the total: the quarter at a glance.")
    var by: PlanRollup.Period?

    func validate() throws {
        if by != nil && json {
            throw ValidationError("--by prints a table; --json prints every send: choose one")
        }
        if let from, let to, to < from {
            throw ValidationError("--from \(from) is after --to \(to): the range is empty; swap them")
        }
    }

    func run() throws {
        let load = CampaignLoader.load(schedulePaths: [file], configuration: nil)
        // Warnings are `check`'s business, except the caps': they change what
        // goes out. On stderr, so the plan stays readable and pipeable.
        let capWarnings = Set(load.campaigns.first?.plan.capWarnings() ?? [])
        Terminal.printDiagnostics(load.diagnostics.filter { $0.severity == .error || capWarnings.contains($0) }
            .rendered(sources: load.sources))
        let otherWarnings = load.warningCount - capWarnings.count
        if otherWarnings > 0 && !load.hasErrors {
            Terminal.printError("\(otherWarnings) \(capWarnings.isEmpty ? "" : "more ")warning\(otherWarnings == 1 ? "" : "s"); "
                                + "`broadcastctl check \(file)` shows them")
        }
        guard let campaign = load.campaigns.first else {
            print(Terminal.verdictLine(file, ok: false))
            throw ExitCode(1)
        }
        let filter = PlanFilter(from: from, to: to, regions: region, channel: channel)
        // A filter that matches nothing by mistake must not read as "nothing to send".
        let problems = filter.problems(in: campaign.plan.tree)
        guard problems.isEmpty else {
            problems.forEach(Terminal.printError)
            throw ExitCode.validationFailure
        }
        // Overlapping lists send one copy per person: count people, not only list positions.
        let people = filter.includes(.sms) ? PlanPeople(campaign.plan) : nil
        var output = StandardOutput()
        if let by {
            PlanRollup.write(campaign.plan, by: by, matching: filter, people: people, to: &output)
        } else if json {
            PlanJSONLines.write(campaign.plan, matching: filter, people: people, to: &output)
        } else {
            PlanTextReport.write(campaign.plan, matching: filter, people: people, to: &output)
        }
        output.flush()
    }
}

extension PlanRollup.Period: ExpressibleByArgument {}
