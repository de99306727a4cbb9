import Schedule

/// `broadcastctl plan --json`: one JSON object a line per (occurrence, region,
/// channel), keys in alphabetical order so the output is stable to diff.
public enum PlanJSONLines {
    public static func write(_ plan: Plan, matching filter: PlanFilter = PlanFilter(),
                             to output: inout some TextOutputStream) {
        plan.forEachEntry(matching: filter) { entry in
            output.write(line(for: entry))
            output.write("\n")
        }
    }

    /// Keys: channel, encoding (SMS), endpoints (webhook), message, recipients
    /// (SMS, when the list is readable), region (the path), segments (SMS), text, time.
    public static func line(for entry: PlanEntry) -> String {
        var fields: [(String, String)] = [("channel", quoted(entry.channel.rawValue))]
        if let sms = entry.sms { fields.append(("encoding", quoted(sms.encoding.rawValue))) }
        if entry.channel == .webhook {
            fields.append(("endpoints", "[" + entry.endpoints.map(quoted).joined(separator: ",") + "]"))
        }
        fields.append(("message", quoted(entry.occurrence.message)))
        if let recipients = entry.recipients { fields.append(("recipients", String(recipients))) }
        fields.append(("region", quoted(entry.region.path.description)))
        if let sms = entry.sms { fields.append(("segments", String(sms.segments))) }
        fields.append(("text", quoted(entry.text)))
        fields.append(("time", quoted(entry.occurrence.iso8601)))
        return "{" + fields.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal; non-ASCII text stays as it is (UTF-8), so Chinese reads as Chinese.
    static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
