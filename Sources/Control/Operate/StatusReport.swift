import Outbox

/// Everything `broadcastctl status` shows, read from one snapshot of the
/// outbox. Its JSON form (`status --json`) is documented in docs/status.md and
/// only grows: fields are added, never renamed or removed, within a `version`.
struct StatusReport: Hashable, Sendable, Codable {
    static let currentVersion = 1

    struct Pause: Hashable, Sendable, Codable {
        var campaign: String
        /// nil when the whole campaign is paused.
        @JSONNullable var message: String? = nil
    }

    var version: Int
    var generatedAt: Timestamp
    var outbox: String
    var daemon: DaemonStatus
    /// Occurrences due by now, latest first: running ones and the most recent finished.
    var broadcasts: [OccurrenceReport]
    /// Occurrences in the outbox due later, soonest first (the daemon enqueues
    /// shortly before they are due, so this is usually short).
    var upcoming: [OccurrenceReport]
    var destinations: [DestinationReport]
    var pauses: [Pause]
    /// The latest failed attempts (retrying or dead), newest first.
    var recentFailures: [LogLine]
    /// Broadcasts waiting because their recipient list cannot be read.
    var held: [Held] = []
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
    struct Limits: Hashable, Sendable {
        var broadcasts = 10
        var upcoming = 5
        var failures = 10
    }

    /// Reads the whole report inside one read transaction, so its figures add
    /// up even while the daemon commits; the snapshot is held only for the reads.
    /// `now` is the wall clock; a daemon on a pretend clock is read on its own (see `DaemonClock`).
    static func collect(from outbox: Outbox, path: String, now wallClock: Int64, limits: Limits = Limits(),
                        processExists: (Int32) -> Bool = DaemonStatus.processExists,
                        processStart: (Int32) -> Int64? = DaemonClock.processStart) throws -> StatusReport {
        try outbox.database.read {
            let now = try DaemonClock.now(reading: outbox, wallClock: wallClock, processExists: processExists, processStart: processStart)
            let clockOffset = now - wallClock
            let record = try outbox.daemonRecord()
            let recent = try outbox.recentAttempts(since: now - OccurrenceReport.rateWindowSeconds + 1)
            func report(_ status: OccurrenceStatus) throws -> OccurrenceReport {
                let filter = BroadcastFilter(campaign: status.campaign, message: status.message, occurrence: status.occurrence)
                let delivered = recent.filter {
                    $0.outcome == .delivered && $0.campaign == status.campaign && $0.message == status.message
                        && $0.occurrence == status.occurrence
                }.reduce(0) { $0 + $1.count }
                return OccurrenceReport(status, closed: try outbox.closedCounts(filter), recentlyDelivered: delivered, now: now)
            }
            let due = try outbox.occurrenceStatuses(BroadcastFilter(dueBefore: now + 1), limit: limits.broadcasts)
            return StatusReport(
                version: currentVersion,
                generatedAt: Timestamp(now),
                outbox: path,
                daemon: DaemonStatus(record: record, now: now, clockOffset: clockOffset, processExists: processExists),
                broadcasts: try due.map(report),
                upcoming: try outbox.upcomingOccurrences(after: now, limit: limits.upcoming).map(report),
                destinations: DestinationReport.merge(records: try outbox.destinations(), counts: try outbox.destinationCounts(),
                                                      recent: recent),
                pauses: try outbox.pauses().map { Pause(campaign: $0.campaign, message: $0.message) },
                recentFailures: try outbox.recentFailures(limit: limits.failures).map(LogLine.init),
                held: try outbox.heldBroadcasts().map(Held.init))
        }
    }
}
