import DaemonConfig
import Logging
import Schedule

extension ReportService {
    /// The listener `reports` asks for, as a slot a reload can move; none bound when the
    /// config has no `reports`. A reload that keeps the address answers with the new
    /// config's token and keywords on the same socket.
    static func reportSlot(configuration: DaemonConfiguration, recorder: OptOutRecorder, receipts: ReceiptRecorder? = nil,
                           registry: CampaignRegistry, metrics: DaemonMetrics? = nil, logger: Logger) async throws -> ListenerSlot {
        let answers: ListenerSlot.Answers = { configuration in
            guard let reports = configuration.reports else { return nil }
            let token = reports.token.revealed
            let handler = ReportHandler(token: token, rules: .init(configuration: configuration), recorder: recorder,
                                        receipts: receipts, country: { await registry.sharedCountry() }, logger: logger)
            return metrics.map { counting(handler.handle, token: token, in: $0) } ?? handler.handle
        }
        return try await ListenerSlot(setting: "reports", configuration: configuration, address: { $0.reports?.baseURL },
                                      bind: { configuration in
            guard let reports = configuration.reports, let handle = answers(configuration) else { return nil }
            do {
                return try await bind(host: reports.host, port: reports.port, logger: logger, handle: handle)
            } catch {
                throw DaemonRuntime.StartupError(
                    description: "cannot listen for reports on \(reports.baseURL): \(error) (is another process using the port?)")
            }
        }, answers: answers)
    }
}

extension ReportService {
    /// `handle`, counting each answer by route and status in `metrics`.
    static func counting(_ handle: @escaping Handle, token: String, in metrics: DaemonMetrics) -> Handle {
        { request in
            let response = await handle(request)
            metrics.reportRequest(route: ReportRoutes.routeLabel(request, token: token), status: response.status)
            return response
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
