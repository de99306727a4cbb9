/// Every metric the daemon exposes: its name, type, labels and help text, in
/// one list that the registry, the docs (docs/observability.md) and the tests
/// read. Labels are few and bounded: configured names (campaign, message,
/// channel, destination, a failover's route, from and to) and short fixed words (outcome, reason, state, route,
/// status); never a phone number, a token or a free-text error.
public enum MetricsCatalog {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public struct Entry: Sendable, Hashable {
        public var name: String
        public var kind: Kind
        public var labels: [String]
        public var help: String
    }

    // Recorded by the daemon as things happen: they start at 0 with each process.
    public static let deliveries = Entry(
        name: "broadcastd_deliveries_total", kind: .counter, labels: ["destination", "outcome", "reason"],
        help: "Delivery attempts concluded by this process, by outcome (delivered, retrying, dead, skipped) and reason.")
    public static let requestDuration = Entry(
        name: "broadcastd_request_duration_seconds", kind: .histogram, labels: ["destination"],
        help: "Time from sending a request to a gateway or endpoint to reading its answer.")
    public static let inFlight = Entry(
        name: "broadcastd_requests_in_flight", kind: .gauge, labels: ["destination"],
        help: "Requests sent to a destination and not answered yet.")
    public static let configuredRate = Entry(
        name: "broadcastd_rate_limit_per_second", kind: .gauge, labels: ["destination", "channel"],
        help: "The destination's configured rate (its slowest bucket), sends per second.")
    public static let currentRate = Entry(
        name: "broadcastd_rate_current_per_second", kind: .gauge, labels: ["destination", "channel"],
        help: "The rate the dispatcher paces the destination at now (lower than configured while it throttles).")
    public static let failovers = Entry(
        name: "broadcastd_failovers_total", kind: .counter, labels: ["route", "from", "to"],
        help: "Deliveries a route moved from one gateway to the next (the first down, or not its number).")
    public static let optOuts = Entry(
        name: "broadcastd_opt_outs_total", kind: .counter, labels: ["source"],
        help: "Numbers newly opted out by this process, by source (report, reply).")
    public static let handsetOutcomes = Entry(
        name: "broadcastd_handset_outcomes_total", kind: .counter, labels: ["destination", "outcome"],
        help: "Delivery reports recorded by this process, by handset outcome (delivered, failed, rejected, expired; unmatched: no SMS of ours).")
    public static let reportRequests = Entry(
        name: "broadcastd_report_requests_total", kind: .counter, labels: ["route", "status"],
        help: "Requests answered by the report listener, by route and HTTP status.")
    public static let reloads = Entry(
        name: "broadcastd_config_reloads_total", kind: .counter, labels: ["result"],
        help: "Schedule reloads (SIGHUP), by result (success, failure).")
    public static let lastReloadSuccessful = Entry(
        name: "broadcastd_config_last_reload_successful", kind: .gauge, labels: [],
        help: "1 if the last schedule load (start or reload) succeeded, else 0.")
    public static let lastReloadSuccess = Entry(
        name: "broadcastd_config_last_reload_success_timestamp_seconds", kind: .gauge, labels: [],
        help: "When the schedule was last loaded successfully, seconds since 1970.")
    public static let heartbeat = Entry(
        name: "broadcastd_heartbeat_timestamp_seconds", kind: .gauge, labels: [],
        help: "When the daemon last wrote its heartbeat to the outbox, seconds since 1970.")
    public static let outboxUp = Entry(
        name: "broadcastd_outbox_up", kind: .gauge, labels: [],
        help: "1 while the dispatcher's and the heartbeat's latest outbox calls succeeded, 0 while the outbox cannot be reached or written.")
    public static let buildInfo = Entry(
        name: "broadcastd_build_info", kind: .gauge, labels: ["version"],
        help: "Always 1; the labels say which broadcastd runs.")

    // Read from the outbox at each scrape: exact across restarts, and the same
    // figures `broadcastctl status --json` shows.
    public static let broadcastDeliveries = Entry(
        name: "broadcastd_broadcast_deliveries", kind: .gauge, labels: ["campaign", "message", "state"],
        help: "Deliveries of the broadcasts due by now (the latest occurrence of each message), by state, from the outbox.")
    public static let broadcastSkipped = Entry(
        name: "broadcastd_broadcast_closed_deliveries", kind: .gauge, labels: ["campaign", "message", "state", "reason"],
        help: "Deliveries of the latest occurrence of each message cancelled or skipped, by reason (capped, opted out, duplicate, missed while down, ...).")
    public static let destinationDeliveries = Entry(
        name: "broadcastd_destination_deliveries", kind: .gauge, labels: ["destination", "channel", "state"],
        help: "Deliveries through a destination over every broadcast in the outbox, by state.")
    public static let backlog = Entry(
        name: "broadcastd_backlog_due", kind: .gauge, labels: ["destination"],
        help: "Deliveries of broadcasts due by now that wait to be sent (pending or retrying), per destination.")
    public static let broadcasts = Entry(
        name: "broadcastd_broadcasts", kind: .gauge, labels: ["state"],
        help: "Broadcasts (occurrences of a message) in the outbox, by state (upcoming, sending, paused, finished).")

    public static let all: [Entry] = [
        deliveries, requestDuration, inFlight, configuredRate, currentRate, failovers, optOuts, handsetOutcomes, reportRequests, reloads,
        lastReloadSuccessful, lastReloadSuccess, heartbeat, outboxUp, buildInfo,
        broadcastDeliveries, broadcastSkipped, destinationDeliveries, backlog, broadcasts,
    ]

    static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Request durations: from a loopback simulator's milliseconds to a gateway's timeout.
    static let durationBuckets: [Duration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        .map { Duration.milliseconds(Int64($0 * 1000)) }

    /// The version `broadcastd_build_info` reports.
    public static let version = "0.1.0-dev"
}
