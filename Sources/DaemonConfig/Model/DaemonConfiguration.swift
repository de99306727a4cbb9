import LineLanguage

/// A loaded `broadcastd.conf`: where the daemon finds its schedule and keeps its
/// state, and every gateway and endpoint it may send through, secrets resolved.
public struct DaemonConfiguration: Hashable, Sendable {
    public static let defaultCatchUp: Duration = .seconds(3600)
    public static let defaultShutdownGrace: Duration = .seconds(10)
    /// A month: long enough to answer "did this person get last month's message",
    /// short enough that a province's quarter does not keep a billion log rows.
    public static let defaultLogRetention: Duration = .seconds(30 * 86_400)
    /// Five minutes: a takeover of a dead instance's work on a shared outbox
    /// waits this long; short enough for a launch, long past any request.
    public static let defaultLeaseTime: Duration = .seconds(300)

    /// The config file itself, for messages and reload.
    public var file: String
    /// A schedule file, or a directory whose `*.schedule` files are loaded; absolute.
    public var schedule: String
    /// Where the outbox lives: the daemon and `broadcastctl` open it from here.
    public var outbox: OutboxLocation
    /// The `state` folder as written, absolute (the SQLite outbox's home, also in `outbox`);
    /// nil when not written, which only a PostgreSQL outbox allows.
    public var state: String?
    /// Read when `$CREDENTIALS_DIRECTORY` is unset; absolute.
    public var secrets: String?
    /// An occurrence missed while the daemon was down is still sent if it is less late than this.
    public var catchUp: Duration
    /// On SIGTERM, how long transfers in flight may take to finish before they are released.
    public var shutdownGrace: Duration
    /// How long the delivery log keeps an entry; the daemon deletes older ones.
    public var logRetention: Duration
    /// How long a lease on a delivery holds: on a shared outbox, another instance
    /// takes over a dead one's work once its leases expire. Whole seconds.
    public var leaseTime: Duration
    /// The listener for delivery reports and keyword replies; nil (off) when not written.
    public var reports: ReportsConfiguration?
    /// The Prometheus listener (`/metrics`); nil (off) when not written.
    public var metrics: MetricsConfiguration?
    /// The replies that opt a number out.
    public var optOutKeywords: OptOutKeywords
    /// Whether a saved file reloads by itself or only SIGHUP reloads.
    public var reload: ReloadMode
    /// In the order written.
    public var gateways: [GatewayConfiguration]
    public var endpoints: [EndpointConfiguration]
    /// `route NAME` blocks: a `via` or `sms-gateway` names a route or a gateway.
    public var routes: [RouteConfiguration]

    public init(file: String, schedule: String, outbox: OutboxLocation, state: String? = nil, secrets: String? = nil,
                catchUp: Duration = Self.defaultCatchUp, shutdownGrace: Duration = Self.defaultShutdownGrace,
                logRetention: Duration = Self.defaultLogRetention, leaseTime: Duration = Self.defaultLeaseTime,
                reports: ReportsConfiguration? = nil, metrics: MetricsConfiguration? = nil, optOutKeywords: OptOutKeywords = .standard,
                reload: ReloadMode = .onChange,
                gateways: [GatewayConfiguration] = [], endpoints: [EndpointConfiguration] = [],
                routes: [RouteConfiguration] = []) {
        self.file = file
        self.schedule = schedule
        self.outbox = outbox
        self.state = state
        self.secrets = secrets
        self.catchUp = catchUp
        self.shutdownGrace = shutdownGrace
        self.logRetention = logRetention
        self.leaseTime = leaseTime
        self.reports = reports
        self.metrics = metrics
        self.optOutKeywords = optOutKeywords
        self.reload = reload
        self.gateways = gateways
        self.endpoints = endpoints
        self.routes = routes
    }

    public func gateway(named name: String) -> GatewayConfiguration? {
        gateways.first { $0.name == name }
    }

    public func route(named name: String) -> RouteConfiguration? {
        routes.first { $0.name == name }
    }

    public func endpoint(named name: String) -> EndpointConfiguration? {
        endpoints.first { $0.name == name }
    }
}
