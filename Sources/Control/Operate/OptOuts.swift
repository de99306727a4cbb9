import Outbox
import TextFormat

/// The cores of `optout add|remove|list`: the outbox's durable opt-out table,
/// which the daemon checks for every SMS recipient at the moment it leases.
enum OptOuts {
    struct Entry: Hashable, Sendable, Codable {
        /// Masked unless the operator asked to see the numbers.
        var phone: String
        /// file (the campaign's optout file), command, or report (a gateway's unsubscribe report)
        var source: String
        var addedAt: Timestamp
    }

    /// The JSON form of `optout list`.
    struct Listing: Hashable, Sendable, Codable {
        var version = StatusReport.currentVersion
        var total: Int64
        var entries: [Entry]
    }

    static func add(_ numbers: [String], in outbox: any OptOutOutbox, now: Int64) async throws -> CommandOutcome {
        let phones = try numbers.map(PhoneNumberInput.normalized)
        var lines: [String] = []
        for phone in phones {
            if try await outbox.addOptOut(phone, source: OptOut.commandSource, now: now) {
                lines.append("opted out \(maskedPhone(phone)): it gets no more SMS")
                continue
            }
            let source = try await outbox.optOut(phone)?.source ?? "?"
            lines.append("\(maskedPhone(phone)) was already opted out (source: \(source))")
        }
        return .success(lines.joined(separator: "\n"))
    }

    static func remove(_ numbers: [String], in outbox: any OptOutOutbox) async throws -> CommandOutcome {
        var lines: [String] = []
        var missing = false
        for phone in try numbers.map(PhoneNumberInput.normalized) {
            let entry = try await outbox.optOut(phone)
            guard let entry, try await outbox.removeOptOut(phone) else {
                lines.append("\(maskedPhone(phone)) is not opted out")
                missing = true
                continue
            }
            var line = "removed \(maskedPhone(phone)) from the opt-outs"
            if entry.source == OptOut.fileSource {
                line += "; it comes from the campaign's optout file: remove it there too, or the next reload adds it back"
            }
            lines.append(line)
        }
        return CommandOutcome(text: lines.joined(separator: "\n"), exitCode: missing ? 1 : 0)
    }

    /// One number: exit 0 when it is opted out, 1 when not (as grep does).
    static func check(_ number: String, in outbox: any OptOutOutbox, display: Display) async throws -> CommandOutcome {
        let phone = try PhoneNumberInput.normalized(number)
        guard let entry = try await outbox.optOut(phone) else { return .failure("\(maskedPhone(phone)) is not opted out") }
        return .success("\(maskedPhone(phone)) is opted out (source: \(entry.source), since \(display.time(entry.addedAt)))")
    }

    static func list(in outbox: any OptOutOutbox, limit: Int, showNumbers: Bool, json: Bool, display: Display) async throws -> CommandOutcome {
        let entries = try await outbox.optOuts(limit: limit).map { optOut in
            Entry(phone: showNumbers ? optOut.phone : maskedPhone(optOut.phone), source: optOut.source, addedAt: Timestamp(optOut.addedAt))
        }
        let total = try await outbox.optOutCount()
        if json { return .success(try JSONOutput.encode(Listing(total: total, entries: entries))) }
        if entries.isEmpty { return .success("no opt-outs") }
        var text = TextTable(header: ["PHONE", "SOURCE", "ADDED"],
                             rows: entries.map { [$0.phone, $0.source, display.time($0.addedAt.seconds)] }).rendered()
        if total > Int64(entries.count) { text += "\n… \(Display.count(total - Int64(entries.count))) more (--limit)" }
        return .success(text)
    }
}
