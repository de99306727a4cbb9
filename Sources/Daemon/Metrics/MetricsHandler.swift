import DaemonConfig
import Logging

/// Answers the metrics listener: `GET /metrics` in Prometheus' text format and
/// `GET /`, the status page, nothing else. Read-only: no request changes
/// anything but the outbox gauges' one read per second.
struct MetricsHandler: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let metrics: DaemonMetrics
    let gauges: OutboxGauges?
    var page: StatusPage? = nil
    let logger: Logger

    func handle(_ request: ReportRequest) async -> ReportHandler.Response {
        let isPage = request.pathSegments.isEmpty && page != nil
        guard request.pathSegments == ["metrics"] || isPage else {
            return .init(status: 404, body: ReportHandler.statusText(404))
        }
        guard request.method == .get else {
            return .init(status: 405, body: ReportHandler.statusText(405))
        }
        if isPage, let page {
            do {
                return .init(status: 200, body: try await page.render(), contentType: StatusPage.contentType)
            } catch {
                logger.warning("cannot read the outbox for the status page", metadata: ["error": "\(error)"])
                return .init(status: 500, body: ReportHandler.statusText(500))
            }
        }
        do {
            try await gauges?.refresh()
        } catch {
            // The in-memory metrics are still worth serving; the outbox gauges keep their last values.
            logger.warning("cannot read the outbox for /metrics", metadata: ["error": "\(error)"])
        }
        return .init(status: 200, body: String(decoding: metrics.exposition(), as: UTF8.self), contentType: Self.contentType)
    }
}

extension ReportService {
    /// Few callers (a Prometheus or two, a person with curl): few connections.
    static var metricsLimits: Limits {
        var limits = Limits()
        limits.connections = 8
        limits.requestBytes = 4 * 1024
        return limits
    }

    /// The listener `metrics` asks for, as a slot a reload can move; none bound when
    /// the config has no `metrics`. What it answers does not depend on the config.
    static func metricsSlot(configuration: DaemonConfiguration, metrics: DaemonMetrics, gauges: OutboxGauges?,
                            page: StatusPage? = nil, logger: Logger) async throws -> ListenerSlot {
        let handler = MetricsHandler(metrics: metrics, gauges: gauges, page: page, logger: logger)
        return try await ListenerSlot(setting: "metrics", configuration: configuration, address: { $0.metrics?.baseURL },
                                      bind: { configuration in
            guard let address = configuration.metrics else { return nil }
            do {
                return try await bind(host: address.host, port: address.port, limits: metricsLimits, name: "metrics listener",
                                      logger: logger, handle: handler.handle)
            } catch {
                throw DaemonRuntime.StartupError(
                    description: "cannot serve metrics on \(address.baseURL): \(error) (is another process using the port?)")
            }
        })
    }
}
