import DispatchRules
import Loading
import Logging
import Outbox
import Plan
import ServiceLifecycle

/// Moves occurrences into the outbox as they come due, and records the ones
/// missed while the daemon was down beyond the catch-up window as skipped.
/// It sleeps until the next occurrence is due (or a reload wakes it): an idle
/// daemon holding a quarter's campaign does no work between occurrences.
public final class SchedulerService: Service {
    private let registry: CampaignRegistry
    private let outbox: any SchedulingOutbox
    private let clock: any WallTimeClock
    private let policy: OccurrenceScheduler.Policy
    private let wake = WakeSignal()
    private let dispatcherWake: WakeSignal
    private let logger: Logger

    public init(registry: CampaignRegistry, outbox: any SchedulingOutbox, clock: any WallTimeClock, policy: OccurrenceScheduler.Policy,
                dispatcherWake: WakeSignal, logger: Logger) {
        self.registry = registry
        self.outbox = outbox
        self.clock = clock
        self.policy = policy
        self.dispatcherWake = dispatcherWake
        self.logger = logger
    }

    public func run() async throws {
        await registry.subscribe(wake)
        try await runUntilGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        var trouble = OutboxTrouble()
        var snapshot = await registry.snapshot()
        var schedulers = snapshot.campaigns.mapValues { OccurrenceScheduler(occurrences: $0.plan.occurrences, policy: policy) }
        while !Task.isCancelled {
            let latest = await registry.snapshot()
            if latest.version != snapshot.version {
                schedulers = reschedule(schedulers, for: latest)
                snapshot = latest
            }
            var wakeAt: Int64?
            for name in schedulers.keys.sorted() {
                guard let campaign = snapshot.campaigns[name], var scheduler = schedulers[name] else { continue }
                let step = scheduler.advance(now: clock.seconds)
                do {
                    try await apply(step, of: campaign)
                } catch {
                    // The enqueue rolled back (disk full, read-only): keep the scheduler
                    // where it was, so the same occurrences are offered again shortly.
                    trouble.failed("enqueueing due occurrences", error: error, at: clock.now.timeIntervalSince1970, logger: logger)
                    let retry = clock.seconds + Int64(trouble.retryDelay)
                    wakeAt = min(wakeAt ?? retry, retry)
                    continue
                }
                trouble.succeeded("enqueueing due occurrences", at: clock.now.timeIntervalSince1970, logger: logger)
                schedulers[name] = scheduler
                if let next = step.wakeAt { wakeAt = min(wakeAt ?? next, next) }
            }
            await wake.wait(until: wakeAt.map(Double.init), clock: clock)
        }
    }

    /// After a reload: kept campaigns continue from now with their new occurrences;
    /// added campaigns do not reach into the past.
    private func reschedule(_ schedulers: [String: OccurrenceScheduler],
                            for snapshot: CampaignRegistry.Snapshot) -> [String: OccurrenceScheduler] {
        let now = clock.seconds
        return snapshot.campaigns.mapValues { campaign in
            var scheduler = schedulers[campaign.name] ?? OccurrenceScheduler(occurrences: [], policy: policy)
            scheduler.replace(occurrences: campaign.plan.occurrences, now: now)
            return scheduler
        }
    }

    /// Broadcasts per enqueue call, at most, in whole occurrences. A minute of
    /// thousands of one-off messages is enqueued (a lead ahead) while the minute
    /// before is being sent: in one transaction it held the SQLite outbox's one
    /// connection for a tenth of a second, and every lease and record waited
    /// (`bench on-time`, Benchmarks/RESULTS.md). An occurrence is never split: a
    /// list read while another list of its reach is not yet in the outbox would
    /// not claim its numbers for it, and they would be sent twice.
    static let broadcastsPerEnqueue = 256

    private func apply(_ step: OccurrenceScheduler.Step, of campaign: LoadedCampaign) async throws {
        let now = clock.seconds
        let missed = step.missed.flatMap { BroadcastExpander.broadcasts(of: $0, in: campaign) }
        let name = campaign.name
        let closing = step.missed.map { occurrence in
            BroadcastFilter(campaign: name, message: occurrence.message, occurrence: occurrence.instant, started: false)
        }
        let due = step.enqueue.map { (occurrence: $0, broadcasts: BroadcastExpander.broadcasts(of: $0, in: campaign)) }
        var announcements = DueAnnouncements(campaign: name, limit: Self.announcedPerStep)
        // The missed ones go with the first part; each part is its own transaction,
        // and a failed one leaves the scheduler where it was, so all are offered again.
        for (index, part) in Self.parts(of: due, size: Self.broadcastsPerEnqueue).enumerated() {
            let first = index == 0
            let broadcasts = part.flatMap(\.broadcasts) + (first ? missed : [])
            guard !broadcasts.isEmpty else { continue }
            let result = try await outbox.enqueue(broadcasts, closingMissed: first ? closing : [], now: now)
            log(part.map(\.occurrence), missed: first ? step.missed : [], closing: first ? closing : [],
                result: result, announcements: &announcements)
            dispatcherWake.signal()
        }
        announcements.finish(logger)
    }

    /// `occurrence due` lines per step, at most; then one line with how many more.
    /// A minute of 5,000 one-off messages logged 5,000 lines in a second, past
    /// journald's default rate limit (10,000 a service in 30 s), which then drops
    /// the lines an operator needs, and a few per cent of the daemon's CPU in the burst.
    static let announcedPerStep = 20

    /// Consecutive runs of whole occurrences with at most `size` broadcasts each
    /// (an occurrence with more is a run of its own); at least one run, maybe empty.
    static func parts<Part>(of due: [(occurrence: Occurrence, broadcasts: [Part])],
                            size: Int) -> [[(occurrence: Occurrence, broadcasts: [Part])]] {
        var parts: [[(occurrence: Occurrence, broadcasts: [Part])]] = [[]]
        var count = 0
        for entry in due {
            if count > 0 && count + entry.broadcasts.count > size {
                parts.append([])
                count = 0
            }
            parts[parts.count - 1].append(entry)
            count += entry.broadcasts.count
        }
        return parts
    }

    private func log(_ enqueued: [Occurrence], missed: [Occurrence], closing: [BroadcastFilter],
                     result: EnqueueResult, announcements: inout DueAnnouncements) {
        let name = announcements.campaign
        // Every start offers all past occurrences again; only those this run
        // actually closed are news (earlier runs logged the rest).
        let closed = Set(result.closedMissed)
        let newlyMissed = zip(missed, closing).filter { closed.contains($0.1) }.map(\.0)
        let summary = result.summary
        // A restart within the catch-up window offers a running occurrence again; the
        // outbox already has it (nothing new enqueued), so it is not announced again.
        // (With missed ones in the same enqueue the count mixes both: announce then.)
        let news = !missed.isEmpty || summary.broadcasts > 0
        announcements.announce(enqueued, news: news, logger)
        logMissed(newlyMissed, of: name)
        logger.debug("enqueued", metadata: ["broadcasts": "\(summary)", "skipped": "\(newlyMissed.count)"])
    }

    /// One line per occurrence missed while down, up to a few; a daemon started
    /// long after its campaign would otherwise bury its ready line under them.
    private func logMissed(_ occurrences: [Occurrence], of campaign: String) {
        let shown = 5
        for occurrence in occurrences.prefix(shown) {
            logger.warning("occurrence missed while down, skipped", metadata: [
                "campaign": "\(campaign)", "message": "\(occurrence.message)", "time": "\(occurrence.iso8601)"])
        }
        guard occurrences.count > shown, let last = occurrences.last else { return }
        logger.warning("more occurrences missed while down, skipped", metadata: [
            "campaign": "\(campaign)", "count": "\(occurrences.count - shown)", "through": "\(last.iso8601)"])
    }
}
