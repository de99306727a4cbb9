import TextFormat

/// The delivery log as text: one aligned row per attempt, newest first.
struct LogRenderer {
    var display: Display

    static let header = ["TIME", "OUTCOME", "BROADCAST", "REGION", "CHANNEL", "RECIPIENT", "VIA", "HTTP", "LATENCY", "REASON"]

    func table(_ lines: [LogLine], indent: String = "", withHeader: Bool = true) -> TextTable {
        TextTable(header: withHeader ? LogRenderer.header : nil, rows: lines.map(row), indent: indent)
    }

    func row(_ line: LogLine) -> [String] {
        let report = line.handset.map { "handset \($0)" + (line.smscError.map { " (err \($0))" } ?? "") }
        let reason = [line.reason, line.gatewayMessageId.map { "id \($0)" }, report].compactMap { $0 }.joined(separator: "; ")
        return [
            display.time(line.at.seconds, campaign: line.campaign), line.outcome,
            "\(line.campaign)/\(line.message)@\(display.minute(line.occurrence.seconds, campaign: line.campaign))",
            line.region, line.channel, line.recipient, line.destination,
            line.httpStatus.map(String.init) ?? "-", line.latencyMs.map { "\($0)ms" } ?? "-",
            reason.isEmpty ? "-" : reason,
        ]
    }
}
