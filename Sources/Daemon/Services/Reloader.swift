import DaemonConfig
import Loading
import Logging
import Outbox
import Plan

/// Loads the schedule again and swaps it in only if it loads without error:
/// every fallible step (read, parse, validate, plan) happens before anything
/// live changes, so a broken edit saved at 19:55 leaves the 20:00 broadcast
/// running on the schedule that was there. Reloads run one at a time (actor).
public actor Reloader {
    private let configuration: DaemonConfiguration
    private let registry: CampaignRegistry
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

    public init(configuration: DaemonConfiguration, registry: CampaignRegistry,
                outbox: any SchedulingOutbox & MembershipOutbox & OptOutOutbox,
                notifier: SystemdNotifier, clock: any WallTimeClock, logger: Logger, progress: ProgressMonitor? = nil,
                metrics: DaemonMetrics? = nil) {
        self.progress = progress
        self.metrics = metrics
        self.configuration = configuration
        self.registry = registry
        self.outbox = outbox
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
    }

    /// Returns whether the new schedule was taken.
    @discardableResult
    public func reload(because reason: String) async -> Bool {
        progress?.began(.reloader)
        defer { progress?.ended(.reloader) }
        notifier.reloading()
        logger.info("reloading the schedule", metadata: ["reason": "\(reason)"])
        let now = clock.seconds
        let load: CampaignLoad
        do {
            load = CampaignLoader.load(schedulePaths: try configuration.scheduleFiles(), configuration: configuration)
        } catch {
            return await refuse(summary: "\(error)", now: now)
        }
        for diagnostic in load.diagnostics {
            let line = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
            if diagnostic.severity == .error { logger.error("\(line)") } else { logger.warning("\(line)") }
        }
        if let firstError = load.diagnostics.first(where: { $0.severity == .error }) {
            let summary = "\(load.errorCount) error\(load.errorCount == 1 ? "" : "s"); first: \(firstError.location): \(firstError.message)"
            return await refuse(summary: summary, now: now)
        }
        let previous = await registry.snapshot()
        do {
            try await applyChanges(from: previous, to: load, now: now)
        } catch {
            return await refuse(summary: "the outbox refused the change: \(error)", now: now)
        }
        await registry.swap(to: load)
        // The opt-out files are re-read on every reload; an unreadable one keeps its old entries.
        let documents = load.campaigns.map(\.document)
        do {
            OptOutFile.log(try await OptOutFile.load(documents, into: outbox, now: now), to: logger)
        } catch {
            logger.error("cannot refresh the opt-out list", metadata: ["error": "\(error)"])
        }
        try? await outbox.recordReload(at: now, error: nil)
        metrics?.scheduleLoaded(successfully: true, at: now)
        let summary = load.campaigns.map { "\($0.name): \($0.plan.summary())" }.joined(separator: "; ")
        logger.info("schedule reloaded", metadata: ["campaigns": "\(summary)"])
        notifier.ready(status: "schedule reloaded: \(summary)")
        return true
    }

    private func refuse(summary: String, now: Int64) async -> Bool {
        logger.error("reload failed; still running the previous schedule", metadata: ["error": "\(summary)"])
        try? await outbox.recordReload(at: now, error: summary)
        metrics?.scheduleLoaded(successfully: false, at: now)
        notifier.ready(status: "reload failed, running the previous schedule: \(summary)")
        return false
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
