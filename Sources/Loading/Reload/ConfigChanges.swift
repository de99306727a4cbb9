import DaemonConfig

/// What a reload changes in `broadcastd.conf`, by name and setting, never by
/// value: a rotated password reads "password changed", so the summary can go
/// to the log and to `status` as it is. Pure: tested without a daemon.
public struct ConfigChanges: Sendable, Equatable {
    /// A gateway, endpoint or route that is in both configs with different settings.
    public struct Changed: Sendable, Equatable {
        public var block: String
        public var settings: [String]
    }

    /// `gateway 'kannel-b'`, `endpoint 'ops-wecom'`, `route 'mainland'`.
    public var added: [String] = []
    public var removed: [String] = []
    public var changed: [Changed] = []
    /// Top-level settings that apply at once (`schedule`, `secrets`, `reload`, the listeners).
    public var settings: [String] = []
    /// Top-level settings the running daemon keeps until it restarts.
    public var needRestart: [String] = []

    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && settings.isEmpty && needRestart.isEmpty
    }

    public init(from old: DaemonConfiguration, to new: DaemonConfiguration) {
        compare(old.gateways, new.gateways, block: "gateway", settings: Self.gatewaySettings)
        compare(old.endpoints, new.endpoints, block: "endpoint", settings: Self.endpointSettings)
        compare(old.routes, new.routes, block: "route", settings: Self.routeSettings)
        settings = Self.appliedSettings.filter { $0.value(old) != $0.value(new) }.map(\.name)
        needRestart = DaemonConfiguration.restartOnlySettings.filter { $0.value(old) != $0.value(new) }.map(\.name)
    }

    /// One line per kind of change, for the log and `status`; empty when nothing changed.
    public var lines: [String] {
        var lines: [String] = []
        if !added.isEmpty { lines.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { lines.append("removed " + removed.joined(separator: ", ")) }
        for change in changed {
            lines.append("\(change.block): " + change.settings.map { "\($0) changed" }.joined(separator: ", "))
        }
        if !settings.isEmpty { lines.append(settings.joined(separator: ", ") + " changed") }
        if !needRestart.isEmpty {
            lines.append("not applied until a restart: " + needRestart.joined(separator: ", ")
                         + " (the running daemon keeps the old value)")
        }
        return lines
    }

    private mutating func compare<Block: NamedBlock>(_ old: [Block], _ new: [Block], block: String,
                                                     settings: [Setting<Block>]) {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.map(\.name))
        for current in new {
            guard let previous = before[current.name] else {
                added.append("\(block) '\(current.name)'")
                continue
            }
            let differing = settings.filter { $0.value(previous) != $0.value(current) }.map(\.name)
            if !differing.isEmpty { changed.append(Changed(block: "\(block) '\(current.name)'", settings: differing)) }
        }
        for gone in old where !after.contains(gone.name) { removed.append("\(block) '\(gone.name)'") }
    }
}

/// A setting's name as written in `broadcastd.conf` and how to read it from a block.
struct Setting<Block>: Sendable {
    var name: String
    var value: @Sendable (Block) -> AnyHashable

    init(_ name: String, _ value: @escaping @Sendable (Block) -> AnyHashable) {
        self.name = name
        self.value = value
    }
}

/// Anything compared by name across two configs.
protocol NamedBlock { var name: String { get } }
extension GatewayConfiguration: NamedBlock {}
extension EndpointConfiguration: NamedBlock {}
extension RouteConfiguration: NamedBlock {}

extension ConfigChanges {
    /// Secrets compare by value (a rotation is a change) but are only ever named.
    static let gatewaySettings: [Setting<GatewayConfiguration>] = [
        Setting("kind") { $0.kind }, Setting("url") { $0.url }, Setting("username") { $0.username },
        Setting("password") { $0.password }, Setting("from") { $0.from }, Setting("rate") { $0.rate },
        Setting("concurrency") { $0.concurrency }, Setting("timeout") { $0.timeout }, Setting("retry") { $0.retry },
        Setting("ca-file") { $0.caFile }, Setting("dlr-url") { $0.dlrURL }, Setting("dlr-mask") { $0.dlrMask },
        Setting("auth") { $0.auth }, Setting("unsubscribe-status") { $0.unsubscribeStatuses },
        Setting("header") { $0.headers }, Setting("field") { $0.fields }, Setting("json") { $0.json },
        Setting("price") { $0.price },
    ]

    static let endpointSettings: [Setting<EndpointConfiguration>] = [
        Setting("kind") { $0.kind }, Setting("url") { $0.url }, Setting("rate") { $0.rate },
        Setting("concurrency") { $0.concurrency }, Setting("timeout") { $0.timeout }, Setting("retry") { $0.retry },
        Setting("ca-file") { $0.caFile }, Setting("signing") { $0.signing }, Setting("secret") { $0.secret },
    ]

    /// Lines compared without their positions: moving a block is not a change.
    static let routeSettings: [Setting<RouteConfiguration>] = [
        Setting("lines") { route in
            route.rules.map { rule in
                [AnyHashable(rule.match), AnyHashable(rule.tiers.map { $0.map { "\($0.gateway) \($0.weight)" } })]
            }
        },
        Setting("refuse") { $0.refusals },
    ]

    static let appliedSettings: [Setting<DaemonConfiguration>] = [
        Setting("schedule") { $0.schedule }, Setting("secrets") { $0.secrets }, Setting("reload") { $0.reload },
        Setting("reports") { $0.reports.map { "\($0.baseURL) \($0.allowsRemote)" } },
        Setting("reports-token") { $0.reports?.token },
        Setting("metrics") { $0.metrics }, Setting("optout-keywords") { $0.optOutKeywords },
    ]
}

extension DaemonConfiguration {
    /// What the daemon reads once, at start: where its state lives and the timings
    /// its services were built with (the listeners move on a reload: `ListenerSlot`). A reload that changes one
    /// applies everything else and says these wait for a restart.
    static let restartOnlySettings: [Setting<DaemonConfiguration>] = [
        Setting("outbox") { $0.outbox }, Setting("state") { $0.state },
        Setting("catch-up") { $0.catchUp }, Setting("shutdown-grace") { $0.shutdownGrace },
        Setting("log-retention") { $0.logRetention }, Setting("lease-time") { $0.leaseTime },
    ]

    /// This config with every restart-only setting as `running` has it: what a
    /// reload actually runs.
    public func keepingRestartOnly(from running: DaemonConfiguration) -> DaemonConfiguration {
        var kept = self
        kept.outbox = running.outbox
        kept.state = running.state
        kept.catchUp = running.catchUp
        kept.shutdownGrace = running.shutdownGrace
        kept.logRetention = running.logRetention
        kept.leaseTime = running.leaseTime
        return kept
    }
}
