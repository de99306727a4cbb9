import Rehearsal
import TextFormat

/// `broadcastctl rehearse --json`: one object a line per (occurrence, channel,
/// destination), times in ISO 8601 with the campaign's offset (docs/rehearse.md).
enum RehearsalJSONLines {
    static func write(_ rehearsal: Rehearsal, to output: inout some TextOutputStream) {
        var clock = RehearsalClock()
        for row in rehearsal.rows {
            var fields: [(String, String)] = [
                ("campaign", row.campaign.quotedJSON), ("message", row.message.quotedJSON),
                ("time", row.occurrence.iso8601.quotedJSON), ("channel", row.channel.rawValue.quotedJSON),
                ("destination", row.destination.quotedJSON), ("people", "\(row.people)"), ("people_estimated", "\(row.estimated)"),
                ("first_send", row.firstSend.map { clock.iso8601($0, zone: row.zone).quotedJSON } ?? "null"),
                ("last_send", row.lastSend.map { clock.iso8601($0, zone: row.zone).quotedJSON } ?? "null"),
                ("duration_seconds", row.durationSeconds.map { "\($0)" } ?? "null"),
                ("quiet_paused_seconds", "\(row.quietPausedSeconds)"),
                ("spill_days", "[" + row.spillDays.map(\.description.quotedJSON).joined(separator: ",") + "]"),
                ("sent", "\(row.sent)"), ("capped", "\(row.capped)"), ("opted_out", "\(row.optedOut)"),
                ("dead", "\(row.dead)"), ("unsent", "\(row.unsent)"),
                ("segments", row.segmentsSent.map { "\($0)" } ?? "null"), ("cost", "null"),
                ("scale", "\(rehearsal.scale)"),
            ]
            output.write("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}\n")
        }
    }
}

private extension String {
    var quotedJSON: String {
        var out = ""
        JSONString.appendQuoted(self, to: &out)
        return out
    }
}
