import DaemonConfig
import Delivery
import Loading
import Rehearsal

extension CheckCommand {
    /// Few enough simulated sends that `check` stays quick (about a second on the
    /// shipped example); larger campaigns run scaled down, which keeps their times.
    static let rehearsalSends = 20_000
    /// A slow gateway over a long campaign takes many turns to rehearse: past this, `check` says where to look instead.
    static let rehearsalBudget: Duration = .seconds(5)

    /// The rehearsal's warnings (a broadcast running into quiet hours, a spill
    /// that makes a cap skip people, a gateway that cannot finish), printed like
    /// every other warning; the number printed. `broadcastctl rehearse` has the
    /// figures behind them.
    static func printRehearsalWarnings(_ load: CampaignLoad, configuration: DaemonConfiguration) -> Int {
        guard let destinations = try? DestinationFactory.makeAll(configuration: configuration) else { return 0 }
        var options = Rehearsal.Options(maxSimulatedSends: rehearsalSends)
        options.budget = rehearsalBudget
        let rehearsal = Rehearsal.run(load.campaigns, destinations: destinations, options: options)
        guard !rehearsal.outOfTime else {
            Terminal.printDiagnostics("rehearsal: not finished within \(rehearsalBudget.components.seconds) s, so its warnings "
                                      + "(quiet hours, spills into caps) are not shown here; "
                                      + "`broadcastctl rehearse --config \(configuration.file)` has them\n")
            return 0
        }
        let totals = RehearsalCosts(configuration).totals(rehearsal)
        if !totals.isEmpty {
            print("  rehearsed cost at the gateways' prices: " + totals.joined(separator: ", "))
        }
        let warnings = rehearsal.warnings
        for warning in warnings {
            Terminal.printDiagnostics("rehearsal: warning: \(warning)\n"
                                      + "hint: `broadcastctl rehearse --config \(configuration.file)` shows the figures\n")
        }
        return warnings.count
    }
}
