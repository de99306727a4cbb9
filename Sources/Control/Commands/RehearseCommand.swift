import Foundation
import ArgumentParser
import CivilDate
import DaemonConfig
import Delivery
import Loading
import OutboxOpening
import Plan
import Rehearsal
import Schedule
import TextFormat

/// `broadcastctl rehearse`: the campaign sent in advance, on a virtual clock,
/// through the daemon's own dispatch rules: when each broadcast really
/// finishes, what quiet hours and caps do to it, what the gateways carry.
struct RehearseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Predict when every broadcast really finishes, with the daemon's own rules (docs/rehearse.md).",
        discussion: """
            Runs the daemon's dispatch machine on a virtual clock against a simulated outbox and gateways: \
            rates, bursts, concurrency, quiet hours, caps (counted on the day a send is handed over), one copy \
            per person across overlapping lists, retries with the configured policy. Large campaigns run scaled \
            down (people, rates and latency together), which keeps their times; the output says so.
            """
    )

    @Option(help: "The daemon config: its gateways, endpoints and schedules.")
    var config: String = OutboxOptions.defaultConfig

    @Option(help: "First day of occurrences to rehearse (YYYY-MM-DD).", transform: CommandLineValues.date)
    var from: LocalDate?

    @Option(help: "Last day of occurrences to rehearse, inclusive (YYYY-MM-DD).", transform: CommandLineValues.date)
    var to: LocalDate?

    @Option(help: "Only these regions: PATH, PATH/* (children) or PATH/** (descendants).", transform: CommandLineValues.regionSelector)
    var region: RegionSelector?

    @Option(help: """
        How long each request takes to answer. Default: per destination, the median the outbox measured \
        (its latest attempts), else 150ms.
        """, transform: RehearseCommand.latency)
    var latency: Double?

    @Option(help: "The share of attempts that fail and are retried with the configured policy, e.g. 2% (default 0%).",
            transform: RehearseCommand.share)
    var failures: Double = 0

    @Flag(help: "Use every region's 'people N' estimate, even where its list can be read: the campaign at its real scale.")
    var estimates = false

    @Flag(help: "One JSON object per line, per (occurrence, channel, destination) (docs/rehearse.md).")
    var json = false

    @Option(help: "Also write one self-contained HTML report (calendar, gateway load, every occurrence) to this file.")
    var html: String?

    func run() async throws {
        let inputs: RehearsalInputs
        switch RehearsalInputs.read(config: config) {
        case .success(let read):
            inputs = read
        case .failure(let failure):
            Terminal.printDiagnostics(failure.diagnostics)
            Terminal.printError(failure.message)
            throw ExitCode(1)
        }
        let (configuration, destinations, load) = (inputs.configuration, inputs.destinations, inputs.load)
        // A region that matches nothing by mistake must not read as "nothing to send".
        if let region {
            let problems = load.campaigns.map { PlanFilter(regions: [region]).problems(in: $0.plan.tree) }
            if let first = problems.first, problems.allSatisfy({ !$0.isEmpty }) {
                first.forEach(Terminal.printError)
                throw ExitCode.validationFailure
            }
        }
        var options = Rehearsal.Options(from: from, to: to, region: region, latency: latency ?? Rehearsal.Options.defaultLatency,
                                        failureShare: failures, useEstimates: estimates)
        options.outboxOptOuts = await Self.outboxOptOuts(configuration.outbox)
        if latency == nil { options.measuredLatency = await MeasuredLatency.read(configuration.outbox) }
        let rehearsal = Rehearsal.run(load.campaigns, destinations: destinations, routes: configuration.routes,
                                      options: options)
        var output = StandardOutput()
        if json {
            RehearsalJSONLines.write(rehearsal, costs: RehearsalCosts(configuration), to: &output)
        } else {
            RehearsalTextReport.write(rehearsal, costs: RehearsalCosts(configuration), to: &output)
        }
        output.flush()
        if let html {
            var page = ""
            let title = load.campaigns.map { $0.document.campaign.title.isEmpty ? $0.name : $0.document.campaign.title }
                .joined(separator: ", ")
            RehearsalHTMLReport.write(rehearsal, title: title, costs: RehearsalCosts(configuration), to: &page)
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                Terminal.printError("cannot write the HTML report to '\(html)': \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
    }

    /// The numbers of the outbox's opt-out table, which the daemon skips at lease
    /// like the campaign's `optout` file: empty before the daemon has run (no
    /// outbox yet) or when it cannot be read, which the header then does not claim.
    static func outboxOptOuts(_ location: OutboxLocation) async -> Set<String> {
        guard let outbox = try? await OutboxLocator.open(location).backend,
              let optOuts = try? await outbox.optOuts(limit: outboxOptOutLimit) else { return [] }
        return Set(optOuts.map(\.phone))
    }

    /// More than this and the rest are not read (the table is replies and reports, not a list).
    static let outboxOptOutLimit = 5_000_000

    static func latency(_ text: String) throws -> Double {
        switch DurationText.milliseconds(text) {
        case .success(let milliseconds): return Double(milliseconds) / 1000
        case .failure: throw ValidationError("--latency: \(DurationText.example), e.g. 150ms")
        }
    }

    static func share(_ text: String) throws -> Double {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value >= 0, value < 100 else {
            throw ValidationError("--failures: a share like 2% (0 to below 100%)")
        }
        return value / 100
    }
}
