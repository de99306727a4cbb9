import DaemonConfig
import Delivery
import Loading

/// What a rehearsal reads: the config, the gateways and endpoints built from it,
/// and the schedules planned against it. `rehearse` prints why it cannot have
/// them; `status` goes without the rehearsed finishes instead.
struct RehearsalInputs {
    var configuration: DaemonConfiguration
    var destinations: [String: Destination]
    var load: CampaignLoad

    /// Why the inputs cannot be read, with what to print and a hint.
    struct Failure: Error {
        /// Diagnostics as `check` renders them, or empty.
        var diagnostics: String
        var message: String
    }

    static func read(config: String) -> Result<RehearsalInputs, Failure> {
        let loaded = DaemonConfigCheck.load(path: config)
        guard let configuration = loaded.configuration, !loaded.hasErrors else {
            return .failure(Failure(diagnostics: loaded.rendered(),
                                    message: "\(config): fix the config first (`broadcastctl check --config \(config)`)"))
        }
        let schedulePaths: [String]
        let destinations: [String: Destination]
        do {
            schedulePaths = try configuration.scheduleFiles()
            destinations = try DestinationFactory.makeAll(configuration: configuration)
        } catch {
            return .failure(Failure(diagnostics: "", message: "\(error)"))
        }
        let load = CampaignLoader.load(schedulePaths: schedulePaths, configuration: configuration)
        guard !load.hasErrors else {
            return .failure(Failure(diagnostics: load.rendered,
                                    message: "the schedules have errors; `broadcastctl check --config \(config)` shows them"))
        }
        return .success(RehearsalInputs(configuration: configuration, destinations: destinations, load: load))
    }
}
