import DispatchRules
import Foundation
import Outbox

/// Reads successive outbox snapshots and says in the log what changed that an
/// operator wants to see in the journal: a broadcast that finished (with its
/// delivered, dead and skipped counts), a pause or resume written by
/// `broadcastctl`, a broadcast cancelled (by an operator or a reload), dead
/// deliveries given another go by `broadcastctl retry` (the only way a dead
/// count goes down). Pure: the
/// service feeds it snapshots; the tests feed it their own.
///
/// The first snapshot only sets what is known: a restart does not announce
/// again what finished before it. A broadcast is announced when it was
/// unfinished at the previous look, or new since then and started (a small one
/// can start and finish between two looks); one closed without a send (missed
/// while down) is not.
struct BroadcastWatch {
    struct Occurrence: Hashable {
        var campaign: String
        var message: String
        var occurrence: Int64
    }

    private var started = false
    private var unfinished: Set<Occurrence> = []
    private var known: Set<Occurrence> = []
    private var cancelled: Set<Occurrence> = []
    private var pauses: Set<Pause> = []
    private var dead: [Occurrence: Int64] = [:]

    mutating func observe(_ snapshot: OutboxSnapshot) -> [LogLine] {
        var lines: [LogLine] = []
        let pausesNow = Set(snapshot.pauses)
        var unfinishedNow: Set<Occurrence> = [], cancelledNow: Set<Occurrence> = []
        var deadNow: [Occurrence: Int64] = [:]
        for status in snapshot.due.map(\.status) {
            let key = Occurrence(campaign: status.campaign, message: status.message, occurrence: status.occurrence)
            deadNow[key] = status.counts.dead
            if started, let before = dead[key], status.counts.dead < before {
                lines.append(LogLine(level: .notice,
                                     message: "retried by an operator: \(Self.name(key)): \(before - status.counts.dead) dead deliveries are due again",
                                     metadata: ["dead": "\(status.counts.dead)"]))
            }
            let open = status.parts.contains { $0.state == .pending }
            if status.counts.pending + status.counts.inFlight + status.counts.retrying > 0 || (open && !status.isExact) {
                unfinishedNow.insert(key)
            } else if started, unfinished.contains(key)
                        || (!known.contains(key) && status.parts.contains { $0.startedAt != nil }) {
                lines.append(Self.finished(status))
            }
            if let part = status.parts.first(where: { $0.state == .cancelled }) {
                cancelledNow.insert(key)
                if started, !cancelled.contains(key) {
                    lines.append(LogLine(level: .notice, message: "broadcast cancelled: \(Self.name(key))",
                                         metadata: ["reason": part.reason ?? "cancelled",
                                                    "cancelled": "\(status.counts.cancelled)",
                                                    "delivered": "\(status.counts.delivered)"]))
                }
            }
        }
        if started {
            for pause in pausesNow.subtracting(pauses).sorted(by: Self.order) {
                lines.append(LogLine(level: .notice, message: "paused by an operator: \(Self.name(pause)); nothing more of it is sent"))
            }
            for pause in pauses.subtracting(pausesNow).sorted(by: Self.order) {
                lines.append(LogLine(level: .notice, message: "resumed by an operator: \(Self.name(pause))"))
            }
        }
        started = true
        unfinished = unfinishedNow
        known = Set(snapshot.due.map { Occurrence(campaign: $0.status.campaign, message: $0.status.message,
                                                  occurrence: $0.status.occurrence) })
        cancelled = cancelled.union(cancelledNow)
        pauses = pausesNow
        dead = deadNow
        return lines
    }

    private static func finished(_ status: OccurrenceStatus) -> LogLine {
        let counts = status.counts
        var metadata = ["delivered": "\(counts.delivered)", "dead": "\(counts.dead)", "skipped": "\(counts.skipped)",
                        "occurrence": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(status.occurrence)))]
        if counts.cancelled > 0 { metadata["cancelled"] = "\(counts.cancelled)" }
        if status.duplicates > 0 { metadata["duplicates"] = "\(status.duplicates)" }
        let dead = counts.dead > 0 ? ", \(counts.dead) dead (broadcastctl log --state dead; retry brings them back)" : ""
        return LogLine(level: counts.dead > 0 ? .warning : .notice,
                       message: "broadcast finished: \(status.campaign)/\(status.message): \(counts.delivered) delivered\(dead)",
                       metadata: metadata)
    }

    private static func name(_ key: Occurrence) -> String { "\(key.campaign)/\(key.message)" }
    private static func name(_ pause: Pause) -> String { pause.campaign + (pause.message.map { "/" + $0 } ?? " (the whole campaign)") }
    private static func order(_ lhs: Pause, _ rhs: Pause) -> Bool {
        (lhs.campaign, lhs.message ?? "") < (rhs.campaign, rhs.message ?? "")
    }
}
