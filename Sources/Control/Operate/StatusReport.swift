import Outbox
import Schedule

/// Everything `broadcastctl status` shows, read from one snapshot of the
/// outbox. Its JSON form (`status --json`) is documented in docs/status.md and
/// only grows: fields are added, never renamed or removed, within a `version`.
struct StatusReport: Hashable, Sendable, Codable {
    static let currentVersion = 1

    struct Pause: Hashable, Sendable, Codable {
        var campaign: String
        /// nil when the whole campaign is paused.
        @JSONNullable var message: String? = nil
        /// The region it is narrowed to; nil for every region.
        @JSONNullable var region: String? = nil
        /// The range of occurrences it holds, `from` inclusive, `until` exclusive; nil for no bound.
        @JSONNullable var from: Timestamp? = nil
        @JSONNullable var until: Timestamp? = nil
    }

    var version: Int
    var generatedAt: Timestamp
    var outbox: String
    var daemon: DaemonStatus
    /// On a shared outbox (PostgreSQL), each instance: what it holds and when it
    /// was last seen, latest first. Empty on SQLite, whose one daemon is `daemon`.
    var instances: [InstanceStatus] = []
    /// Occurrences due by now, latest first: running ones and the most recent finished.
    var broadcasts: [OccurrenceReport]
    /// Occurrences in the outbox due later, soonest first (the daemon enqueues
    /// shortly before they are due, so this is usually short).
    var upcoming: [OccurrenceReport]
    var destinations: [DestinationReport]
    var pauses: [Pause]
    /// The latest failed attempts (retrying or dead), newest first.
    var recentFailures: [LogLine]
    /// The latest thousand failed attempts grouped by destination, outcome and reason, newest group first.
    var failureGroups: [FailureGroupLine] = []
    /// Broadcasts waiting because their recipient list cannot be read.
    var held: [Held] = []
    /// The schedule's next occurrences (when `--config` names it), soonest first, whether or not they are in the outbox yet.
    var next: [NextOccurrence] = []
    /// The latest controls, newest first.
    var controls: [ControlLine] = []
}

extension StatusReport {
    struct Held: Hashable, Sendable, Codable {
        var campaign: String
        var message: String
        var occurrence: Timestamp
        var region: String
        var channel: String
        /// What went wrong: the list's path and why, never a number.
        var problem: String
        /// When the daemon reads the list again.
        var retryAt: Timestamp

        init(_ held: HeldBroadcast) {
            campaign = held.key.campaign
            message = held.key.message
            occurrence = Timestamp(held.key.occurrence)
            region = held.key.region
            channel = held.key.channel
            problem = held.problem
            retryAt = Timestamp(held.retryAt)
        }
    }
}

extension StatusReport {
    /// One cause at one destination: `kannel-main  retrying  http 503  92 times`.
    struct FailureGroupLine: Hashable, Sendable, Codable {
        var destination: String
        /// retrying or dead.
        var outcome: String
        @JSONNullable var reason: String? = nil
        var count: Int64
        var first: Timestamp
        var last: Timestamp
        /// Retrying: deliveries now waiting to retry after this cause, and when the first is due.
        var waiting: Int64 = 0
        @JSONNullable var nextRetryAt: Timestamp? = nil

        init(_ group: FailureGroup) {
            destination = group.destination
            outcome = group.outcome.name
            reason = group.reason
            count = group.count
            first = Timestamp(group.firstAt)
            last = Timestamp(group.lastAt)
            waiting = group.waiting
            nextRetryAt = group.nextRetryAt.map(Timestamp.init)
        }
    }
}

extension StatusReport {
    struct Limits: Hashable, Sendable {
        var broadcasts = 10
        var upcoming = 5
        var failures = 10
    }

    /// Reads the whole report from one snapshot of the outbox, so its figures
    /// add up even while the daemon commits. `now` is the wall clock; a daemon
    /// on a pretend clock is read on its own (see `DaemonClock`).
    static func collect(from outbox: any StatusOutbox, path: String, now wallClock: Int64, limits: Limits = Limits(),
                        campaigns: [String: Campaign] = [:],
                        processExists: @escaping @Sendable (Int32) -> Bool = DaemonStatus.processExists,
                        processStart: @escaping @Sendable (Int32) -> Int64? = DaemonClock.processStart) async throws -> StatusReport {
        let query = StatusQuery(now: { record in
            DaemonClock.now(record: record, wallClock: wallClock, processExists: processExists, processStart: processStart)
        }, rateWindowSeconds: OccurrenceReport.rateWindowSeconds,
           broadcasts: limits.broadcasts, upcoming: limits.upcoming, failures: limits.failures)
        let snapshot = try await outbox.status(query)
        let now = snapshot.now
        let rates = snapshot.configuredRates
        func report(_ occurrence: OccurrenceSnapshot) -> OccurrenceReport {
            let status = occurrence.status
            let delivered = snapshot.recentAttempts.filter {
                $0.outcome == .delivered && $0.campaign == status.campaign && $0.message == status.message
                    && $0.occurrence == status.occurrence
            }.reduce(0) { $0 + $1.count }
            return OccurrenceReport(status, closed: occurrence.closed, recentlyDelivered: delivered, now: now,
                                    schedule: campaigns[status.campaign], rates: rates)
        }
        var report = StatusReport(
            version: currentVersion,
            generatedAt: Timestamp(now),
            outbox: path,
            daemon: DaemonStatus(record: snapshot.daemon, now: now, clockOffset: now - wallClock, processExists: processExists),
            broadcasts: snapshot.due.map(report),
            upcoming: snapshot.upcoming.map(report),
            destinations: DestinationReport.merge(records: snapshot.destinations, counts: snapshot.destinationCounts,
                                                  recent: snapshot.recentAttempts),
            pauses: snapshot.pauses.map {
                Pause(campaign: $0.campaign, message: $0.message, region: $0.region, from: $0.from.map(Timestamp.init),
                      until: $0.until.map(Timestamp.init))
            },
            recentFailures: snapshot.recentFailures.map(LogLine.init),
            failureGroups: snapshot.failureGroups.map(FailureGroupLine.init),
            held: snapshot.held.map(Held.init))
        report.instances = snapshot.instances.map {
            InstanceStatus($0, now: now, localHost: InstanceRecord.localHost ?? "", processExists: processExists)
        }
        return report
    }
}
