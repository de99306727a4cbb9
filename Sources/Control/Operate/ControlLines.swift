import Outbox
import TextFormat

/// One recorded control as `log --controls` and `status` show it.
struct ControlLine: Hashable, Sendable, Codable {
    var at: Timestamp
    var user: String
    var command: String
    /// The arguments as typed: `launch --campaign chunfeng`.
    var target: String
    /// What the control answered.
    var outcome: String
    /// False when it changed nothing (and exited 1).
    var changed: Bool

    init(_ record: ControlRecord) {
        at = Timestamp(record.at)
        user = record.user
        command = record.command
        target = record.target
        outcome = record.outcome
        changed = record.changed
    }

    /// One row: time, who, what, on what, and the answer's first line.
    static func table(_ lines: [ControlLine], display: Display, indent: String = "") -> TextTable {
        TextTable(header: ["TIME", "USER", "CONTROL", "CHANGED", "ANSWER"], rows: lines.map { line in
            [display.time(line.at.seconds), line.user, [line.command, line.target].filter { !$0.isEmpty }.joined(separator: " "),
             line.changed ? "yes" : "no", String(line.outcome.split(separator: "\n").first ?? "")]
        }, indent: indent)
    }
}
