/// The read side: what `broadcastctl status` and `log` show. Each call reads
/// one consistent snapshot, so figures read with several queries add up even
/// while the daemon commits; a reader never blocks the daemon.
public protocol StatusOutbox: Sendable {
    /// Everything `status` shows, read from one snapshot.
    func status(_ query: StatusQuery) async throws -> OutboxSnapshot
    /// The delivery log, newest first.
    func log(_ query: LogQuery) async throws -> [LogEntry]
    /// Each broadcast's progress, by key, at most `limit`.
    func broadcastStatuses(_ filter: BroadcastFilter, limit: Int) async throws -> [BroadcastStatus]
    /// Attempts that ended, per quarter hour of UTC, for the slots starting in
    /// [from, to) that hold any (the status page's chart): a few hundred rows at most.
    func sendsBySlot(from: Int64, to: Int64) async throws -> [SendSlot]
}

/// What `status` asks for.
public struct StatusQuery: Sendable {
    /// Now on the reader's clock, given the daemon's record read in the same
    /// snapshot: a daemon on a pretend clock is read on its own clock.
    public var now: @Sendable (DaemonRecord?) -> Int64
    /// Attempts at or after `now - rateWindowSeconds + 1` count as recent.
    public var rateWindowSeconds: Int64
    /// At most this many occurrences due by now, latest first.
    public var broadcasts: Int
    /// At most this many occurrences due later, soonest first.
    public var upcoming: Int
    /// At most this many recent failures.
    public var failures: Int
    /// Whether each occurrence's cancelled and skipped deliveries are counted
    /// (`OccurrenceSnapshot.closed`); empty when not. The daemon's broadcast
    /// watch reads none, and counting them for fifty occurrences of a large
    /// outbox held the SQLite outbox's one connection for a tenth of a second
    /// every five seconds, in the dispatcher's way (`bench on-time`, Benchmarks/RESULTS.md).
    public var closedCounts: Bool
    /// Whether only the occurrences, the pauses and the daemon's record are read;
    /// everything outbox-wide (recent attempts, destinations and their totals,
    /// failures, held broadcasts, instances) is then left empty. The daemon's
    /// broadcast watch reads nothing else, and the destination totals walk every
    /// broadcast: every five seconds, in the dispatcher's way.
    public var occurrencesOnly: Bool

    public init(now: @escaping @Sendable (DaemonRecord?) -> Int64, rateWindowSeconds: Int64,
                broadcasts: Int = 10, upcoming: Int = 5, failures: Int = 10, closedCounts: Bool = true,
                occurrencesOnly: Bool = false) {
        self.now = now
        self.rateWindowSeconds = rateWindowSeconds
        self.broadcasts = broadcasts
        self.upcoming = upcoming
        self.failures = failures
        self.closedCounts = closedCounts
        self.occurrencesOnly = occurrencesOnly
    }
}

/// One consistent view of the outbox for `status`.
public struct OutboxSnapshot: Hashable, Sendable {
    /// The `now` the query's clock gave; every figure is relative to it.
    public var now: Int64
    public var daemon: DaemonRecord?
    /// Outcomes logged within the rate window.
    public var recentAttempts: [RecentAttempts]
    /// Occurrences due by now, latest first, each with what was closed.
    public var due: [OccurrenceSnapshot]
    /// Occurrences due later, soonest first.
    public var upcoming: [OccurrenceSnapshot]
    public var destinations: [DestinationRecord]
    public var destinationCounts: [DestinationCounts]
    public var pauses: [Pause]
    public var recentFailures: [LogEntry]
    /// The latest failed attempts grouped by destination, outcome and reason, newest group first.
    public var failureGroups: [FailureGroup]
    public var held: [HeldBroadcast]
    /// The instances sharing the outbox (PostgreSQL): running ones, and those
    /// seen in the last day or still holding leases, latest first. Empty on
    /// SQLite, which serves one daemon (`daemon`).
    public var instances: [InstanceRecord] = []

    public init(now: Int64, daemon: DaemonRecord?, recentAttempts: [RecentAttempts], due: [OccurrenceSnapshot],
                upcoming: [OccurrenceSnapshot], destinations: [DestinationRecord], destinationCounts: [DestinationCounts],
                pauses: [Pause], recentFailures: [LogEntry], held: [HeldBroadcast], failureGroups: [FailureGroup] = []) {
        self.now = now
        self.daemon = daemon
        self.recentAttempts = recentAttempts
        self.due = due
        self.upcoming = upcoming
        self.destinations = destinations
        self.destinationCounts = destinationCounts
        self.pauses = pauses
        self.recentFailures = recentFailures
        self.held = held
        self.failureGroups = failureGroups
    }
}

/// Failed attempts of one destination that ended alike (retrying or dead, with
/// one reason): what an operator reads instead of one line per recipient.
public struct FailureGroup: Hashable, Sendable {
    public var destination: String
    /// `.retrying` or `.dead`.
    public var outcome: DeliveryState
    public var reason: String?
    public var count: Int64
    public var firstAt: Int64
    public var lastAt: Int64
    /// Of a retrying group: deliveries of open broadcasts now waiting to retry after
    /// this cause, and when the first of them is due again; 0 and nil otherwise.
    public var waiting: Int64 = 0
    public var nextRetryAt: Int64?

    public init(destination: String, outcome: DeliveryState, reason: String?, count: Int64, firstAt: Int64, lastAt: Int64) {
        self.destination = destination
        self.outcome = outcome
        self.reason = reason
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}

/// Deliveries now retrying at one destination after one cause (`FailureGroup.waiting`).
public struct RetryingCause: Hashable, Sendable {
    public var destination: String
    public var reason: String?
    public var count: Int64
    public var nextAt: Int64

    public init(destination: String, reason: String?, count: Int64, nextAt: Int64) {
        (self.destination, self.reason, self.count, self.nextAt) = (destination, reason, count, nextAt)
    }
}

extension [FailureGroup] {
    /// Each retrying group with the deliveries waiting after its cause and their next retry.
    public func withRetries(_ causes: [RetryingCause]) -> [FailureGroup] {
        map { group in
            guard group.outcome == .retrying,
                  let cause = causes.first(where: { $0.destination == group.destination && $0.reason == group.reason }) else { return group }
            var group = group
            (group.waiting, group.nextRetryAt) = (cause.count, cause.nextAt)
            return group
        }
    }
}

public struct OccurrenceSnapshot: Hashable, Sendable {
    public var status: OccurrenceStatus
    /// Deliveries cancelled or skipped, by reason.
    public var closed: [ClosedCount]

    public init(status: OccurrenceStatus, closed: [ClosedCount]) {
        self.status = status
        self.closed = closed
    }
}

/// How many deliveries of the matching broadcasts were cancelled or skipped,
/// for one state and reason.
public struct ClosedCount: Hashable, Sendable {
    public var state: DeliveryState
    public var reason: String
    public var count: Int64

    public init(state: DeliveryState, reason: String, count: Int64) {
        self.state = state
        self.reason = reason
        self.count = count
    }
}

/// Logged outcomes at or after an instant, counted per occurrence and destination.
public struct RecentAttempts: Hashable, Sendable {
    public var campaign: String
    public var message: String
    public var occurrence: Int64
    public var destination: String
    public var outcome: DeliveryState
    public var count: Int64

    public init(campaign: String, message: String, occurrence: Int64, destination: String, outcome: DeliveryState,
                count: Int64) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.destination = destination
        self.outcome = outcome
        self.count = count
    }
}

/// Totals by state for one channel and destination, over every broadcast.
public struct DestinationCounts: Hashable, Sendable {
    public var channel: String
    public var destination: String
    public var counts: StateCounts
    /// Of `counts.delivered`, the SMS with a delivery report, by handset outcome.
    public var handset = HandsetCounts()

    public init(channel: String, destination: String, counts: StateCounts) {
        self.channel = channel
        self.destination = destination
        self.counts = counts
    }
}
