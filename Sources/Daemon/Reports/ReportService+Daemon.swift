import DaemonConfig
import Logging
import Schedule

extension ReportService {
    /// The listener `reports` asks for, bound; nil when the config has no `reports`.
    public static func make(configuration: DaemonConfiguration, recorder: OptOutRecorder, registry: CampaignRegistry,
                            logger: Logger) async throws -> ReportService? {
        guard let reports = configuration.reports else { return nil }
        let handler = ReportHandler(token: reports.token.revealed, rules: .init(configuration: configuration),
                                    recorder: recorder, country: { await registry.sharedCountry() }, logger: logger)
        do {
            return try await bind(host: reports.host, port: reports.port, logger: logger, handle: handler.handle)
        } catch {
            throw DaemonRuntime.StartupError(
                description: "cannot listen for reports on \(reports.baseURL): \(error) (is another process using the port?)")
        }
    }
}

extension CampaignRegistry {
    /// The campaigns' `country` when they all name the same one, else +86.
    func sharedCountry() -> CallingCode {
        let countries = Set(snapshot().campaigns.values.map(\.document.campaign.country))
        return countries.count == 1 ? countries.first! : .china
    }
}
