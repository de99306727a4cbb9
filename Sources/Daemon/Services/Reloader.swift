import DaemonConfig
import Delivery
import Foundation
import LineLanguage
import Loading
import Logging
import Outbox
import Plan

/// Loads `broadcastd.conf` and the schedule again and swaps them in only if
/// everything loads without error: every fallible step (read the config and its
/// secrets, build every gateway and endpoint, parse, validate and plan the
/// schedule against that config) happens before anything live changes, so a
/// broken edit saved at 19:55 leaves the 20:00 broadcast running on what was
/// there. Then the schedule, the gateways, endpoints and routes change in one
/// step (`CampaignRegistry.swap`), and the log says what changed. Settings
/// read only at start (`DaemonConfiguration.restartOnlySettings`) keep their
/// running value and are named as waiting for a restart. Reloads run one at a
/// time (actor).
public actor Reloader {
    /// The config as it runs: the last one loaded, restart-only settings as at start.
    private(set) var configuration: DaemonConfiguration
    private let environment: [String: String]
    /// Builds the running gateways and endpoints from a config (the start's own builder).
    private let build: @Sendable (DaemonConfiguration) throws -> [String: Destination]
    /// The transport's connections, sized at start from the concurrencies then.
    private let connections: Int?
    private let registry: CampaignRegistry
    /// The report and metrics listeners: moved, added or removed with the rest.
    private let listeners: [ListenerSlot]
    private let outbox: any SchedulingOutbox & MembershipOutbox & OptOutOutbox
    private let notifier: SystemdNotifier
    private let clock: any WallTimeClock
    private let logger: Logger
    /// Told when a reload starts and ends: one that never ends stops the watchdog.
    private let progress: ProgressMonitor?
    private let metrics: DaemonMetrics?
    /// How far back a changed text is applied to deliveries not yet sent:
    /// the longest a delivery can still be retrying.
    private let textUpdateWindow: Int64 = 48 * 3600
    /// Counts finished reloads, taken or refused: the file watcher takes the files
    /// as they are then as its new baseline, so a SIGHUP reload is not followed by
    /// a second one for the same saved edit.
    private(set) var finished = 0

    public init(configuration: DaemonConfiguration, environment: [String: String] = [:],
                build: @escaping @Sendable (DaemonConfiguration) throws -> [String: Destination],
                connections: Int? = nil, registry: CampaignRegistry, outbox: any SchedulingOutbox & MembershipOutbox & OptOutOutbox,
                listeners: [ListenerSlot] = [],
                notifier: SystemdNotifier, clock: any WallTimeClock, logger: Logger, progress: ProgressMonitor? = nil,
                metrics: DaemonMetrics? = nil) {
        self.progress = progress
        self.metrics = metrics
        self.configuration = configuration
        self.environment = environment
        self.build = build
        self.connections = connections
        self.registry = registry
        self.listeners = listeners
        self.outbox = outbox
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
    }

    /// The files whose change reloads: the config and every schedule file read;
    /// none under `reload signal`.
    public func watchedFiles() async -> [String] {
        guard configuration.reload == .onChange else { return [] }
        return [configuration.file] + (await registry.snapshot().files)
    }

    /// Returns what changed, or nil when the reload was refused.
    @discardableResult
    public func reload(because reason: String) async -> ReloadChanges? {
        progress?.began(.reloader)
        defer {
            finished += 1
            progress?.ended(.reloader)
        }
        notifier.reloading()
        logger.info("reloading broadcastd.conf and the schedule", metadata: ["reason": "\(reason)"])
        let now = clock.seconds
        let loadedConfig = DaemonConfigCheck.load(path: configuration.file, environment: environment)
        log(loadedConfig.diagnostics)
        guard let loaded = loadedConfig.configuration else {
            return await refuse(summary: Self.firstError(loadedConfig.diagnostics, in: "broadcastd.conf"), now: now)
        }
        let next = loaded.keepingRestartOnly(from: configuration)
        let destinations: [String: Destination]
        let load: CampaignLoad
        do {
            destinations = try build(next)
            load = CampaignLoader.load(schedulePaths: try next.scheduleFiles(), configuration: next)
        } catch {
            return await refuse(summary: "\(error)", now: now)
        }
        log(load.diagnostics)
        guard !load.hasErrors else {
            return await refuse(summary: Self.firstError(load.diagnostics, in: "the schedule"), now: now)
        }
        // Binding a moved listener is the last step that can fail; the outbox's change comes after it.
        var moves: [ListenerSlot.Change] = []
        do {
            for listener in listeners { moves.append(try await listener.prepare(from: configuration, to: next)) }
        } catch {
            for move in moves { await move.abandon() }
            return await refuse(summary: "\(error)", now: now)
        }
        let previous = await registry.snapshot()
        do {
            try await applyChanges(from: previous, to: load, now: now)
        } catch {
            for move in moves { await move.abandon() }
            return await refuse(summary: "the outbox refused the change: \(error)", now: now)
        }
        let changes = ReloadChanges(
            config: ConfigChanges(from: configuration, to: loaded),
            schedule: ScheduleChanges(from: previous.campaigns,
                                      to: Dictionary(load.campaigns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })))
        await registry.swap(to: load, destinations: destinations, routes: next.routes)
        for move in moves { await move.commit() }
        configuration = next
        await refreshOptOuts(load, now: now)
        try? await outbox.recordReload(at: now, error: nil, changes: changes.summary)
        metrics?.scheduleLoaded(successfully: true, at: now)
        announce(changes, load: load)
        let concurrency = destinations.values.reduce(0) { $0 + $1.concurrency }
        if let connections, concurrency > connections {
            logger.warning("the gateways' and endpoints' concurrency now adds up to \(concurrency), more than the \(connections) connections opened at start: sends beyond them queue until a restart",
                           metadata: ["hint": "systemctl restart broadcastd sizes the connections again"])
        }
        return changes
    }

    /// The log's account of a reload: the summary line, then each removed
    /// destination (its deliveries wait for it) and each setting that waits for a restart.
    private func announce(_ changes: ReloadChanges, load: CampaignLoad) {
        let campaigns = load.campaigns.map { "\($0.name): \($0.plan.summary())" }.joined(separator: "; ")
        logger.notice("reloaded: \(changes.summary)", metadata: ["campaigns": "\(campaigns)"])
        for removed in changes.config.removed where !removed.hasPrefix("route") {
            logger.warning("\(removed) removed from broadcastd.conf: its deliveries are held until it comes back")
        }
        if !changes.config.needRestart.isEmpty {
            logger.warning("changed settings wait for a restart: \(changes.config.needRestart.joined(separator: ", "))",
                           metadata: ["hint": "systemctl restart broadcastd applies them; everything else is applied"])
        }
        notifier.ready(status: "reloaded: \(changes.summary)")
    }

    private func refreshOptOuts(_ load: CampaignLoad, now: Int64) async {
        // The opt-out files are re-read on every reload; an unreadable one keeps its old entries.
        do {
            OptOutFile.log(try await OptOutFile.load(load.campaigns.map(\.document), into: outbox, now: now), to: logger)
        } catch {
            logger.error("cannot refresh the opt-out list", metadata: ["error": "\(error)"])
        }
    }

    private func log(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let line = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
            if diagnostic.severity == .error { logger.error("\(line)") } else { logger.warning("\(line)") }
        }
    }

    /// `2 errors in broadcastd.conf; first: /etc/broadcastd/broadcastd.conf:12:8: …`, for `status`.
    static func firstError(_ diagnostics: [Diagnostic], in what: String) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        guard let first = errors.first else { return "\(what) did not load" }
        return "\(errors.count) error\(errors.count == 1 ? "" : "s") in \(what); first: \(first.location): \(first.message)"
    }

    private func refuse(summary: String, now: Int64) async -> ReloadChanges? {
        logger.error("reload failed; nothing changed, the previous config and schedule keep running",
                     metadata: ["error": "\(summary)"])
        try? await outbox.recordReload(at: now, error: summary, changes: nil)
        metrics?.scheduleLoaded(successfully: false, at: now)
        notifier.ready(status: "reload failed, running the previous config and schedule: \(summary)")
        return nil
    }

    /// A removed message (or campaign) has its unsent deliveries cancelled; a message
    /// whose text changed gets the new text on deliveries not sent yet. Delivered
    /// ones are untouched, so nothing is sent twice.
    private func applyChanges(from previous: CampaignRegistry.Snapshot, to load: CampaignLoad, now: Int64) async throws {
        let kept = Dictionary(load.campaigns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let window = textUpdateWindow
        for (name, old) in previous.campaigns {
            let new = kept[name]
            let newMessages = Set(new?.document.messages.map(\.name) ?? [])
            let changed = new?.document.messages.filter { message in
                old.document.messages.first { $0.name == message.name }.map { $0.texts != message.texts } ?? false
            } ?? []
            var texts: [TextChange] = []
            if let new {
                for message in changed {
                    for occurrence in new.plan.occurrences where occurrence.message == message.name
                        && abs(occurrence.instant - now) <= window {
                        try new.plan.forEachEntry(of: occurrence) { entry in
                            texts.append(TextChange(filter: BroadcastFilter(campaign: name, message: message.name,
                                                                            region: entry.region.path.description,
                                                                            channel: entry.channel.rawValue,
                                                                            occurrence: occurrence.instant), text: entry.text))
                        }
                    }
                }
            }
            try await outbox.applyScheduleChange(ScheduleChange(campaign: name, messages: newMessages,
                                                                cancelReason: "removed from the schedule", texts: texts))
        }
    }
}
