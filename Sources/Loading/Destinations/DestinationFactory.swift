import DaemonConfig
import Delivery

/// Turns the config's gateway and endpoint blocks into runtime destinations:
/// every setting goes to the dialect's initialiser, secrets revealed only there,
/// and the config's rate, concurrency, retry and timeout win over the dialect's defaults.
public enum DestinationFactory {
    /// With `reports` on, Kannel and Jasmin gateways ask for delivery reports at the listener.
    public static func make(gateway: GatewayConfiguration,
                            reports: ReportsConfiguration? = nil) throws(DestinationError) -> Destination {
        let callback = reports.map {
            ReportCallback(baseURL: $0.baseURL, token: $0.token.revealed, gateway: gateway.name)
        }
        let dialect: any Dialect
        switch gateway.kind {
        case .kannel:
            dialect = Kannel(url: gateway.url.revealed, username: gateway.username?.revealed ?? "",
                             password: gateway.password?.revealed ?? "", from: gateway.from?.revealed,
                             dlrMask: gateway.dlrMask, dlrURL: gateway.dlrURL?.revealed, reportCallback: callback)
        case .jasmin:
            dialect = Jasmin(url: gateway.url.revealed, username: gateway.username?.revealed ?? "",
                             password: gateway.password?.revealed ?? "", from: gateway.from?.revealed,
                             reportCallback: callback)
        case .httpJSON, .httpForm:
            dialect = try genericDialect(gateway)
        }
        return destination(gateway, kind: .gateway, dialect: dialect)
    }

    public static func make(endpoint: EndpointConfiguration) throws(DestinationError) -> Destination {
        let url = endpoint.url.revealed
        let dialect: any Dialect
        switch endpoint.kind {
        case .webhook:
            do {
                dialect = try StandardWebhook(url: url, signingSecrets: endpoint.signing.map(\.revealed))
            } catch {
                throw DestinationError(kind: .endpoint, name: endpoint.name, problem: .dialect(error))
            }
        case .wecom: dialect = WeCom(url: url)
        case .dingtalk: dialect = DingTalk(url: url, secret: endpoint.secret?.revealed)
        case .feishu: dialect = Feishu(url: url, secret: endpoint.secret?.revealed)
        case .slack: dialect = Slack(url: url)
        }
        return destination(endpoint, kind: .endpoint, dialect: dialect)
    }

    /// Every gateway and endpoint by name; the first block a dialect refuses ends it.
    public static func makeAll(configuration: DaemonConfiguration) throws(DestinationError) -> [String: Destination] {
        var all: [String: Destination] = [:]
        for gateway in configuration.gateways {
            all[gateway.name] = try make(gateway: gateway, reports: configuration.reports)
        }
        for endpoint in configuration.endpoints { all[endpoint.name] = try make(endpoint: endpoint) }
        return all
    }

    private static func destination(_ config: some DestinationConfiguration, kind: Destination.Kind,
                                    dialect: any Dialect) -> Destination {
        let defaults = dialect.defaultRate
        let concurrency = config.concurrency ?? defaults.concurrency ?? Destination.defaultConcurrency
        var rateLimit = config.rate.map(rateLimit(_:)) ?? defaults
        rateLimit.concurrency = concurrency
        return Destination(name: config.name, kind: kind, dialect: dialect, rateLimit: rateLimit,
                           retryPolicy: retryPolicy(config.retry), timeout: config.timeout ?? Destination.defaultTimeout,
                           concurrency: concurrency, caFile: config.caFile)
    }

    /// `100/s burst 20` is one bucket; without `burst` it holds a single send, so the pace is strict.
    static func rateLimit(_ rate: RateSetting) -> RateLimit {
        RateLimit([.init(perSecond: rate.perSecond, burst: max(1, rate.burst ?? 1))])
    }

    /// The bounds the config leaves out keep Standard Webhooks' defaults.
    static func retryPolicy(_ retry: RetrySetting?) -> RetryPolicy {
        let standard = RetryPolicy.standard
        return RetryPolicy(attempts: retry?.attempts ?? standard.attempts,
                                    maxAge: retry?.within.map(seconds) ?? standard.maxAge,
                                    backoff: standard.backoff)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
