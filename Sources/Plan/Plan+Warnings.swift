import CivilDate
import LineLanguage
import Schedule

extension Plan {
    /// Above this many segments an SMS costs more and may arrive split or out of order.
    public static let segmentWarningLimit = 3

    /// The warnings planning finds, for `broadcastctl check` to print: regions a
    /// message reaches on a channel they have no binding for, SMS texts that
    /// need more than `segmentWarningLimit` segments, and monthly rules that
    /// skip a month without their day, in document order; then the days and
    /// weeks where a `cap` would skip sends (`capWarnings`); then the malformed
    /// numbers of recipient lists (errors when a list has more than the campaign
    /// tolerates) and the state of the `optout` file.
    public func warnings() -> [Diagnostic] {
        messages.flatMap { plan in
            [neverSendsWarning(plan) ?? unboundWarning(plan), segmentWarning(plan)].compactMap { $0 }
                + plan.message.rules.compactMap { skippedMonthsWarning($0, of: plan.message) }
        } + capWarnings() + malformedNumberDiagnostics() + optOutFileDiagnostics()
    }

    /// A message that sends nothing at all, whatever the reason, is the mistake a
    /// planner most needs to hear about: no time of it falls on a day it may send
    /// (its rules against `from`, `until`, `except` and the campaign's dates), or
    /// no region it reaches has a binding for its channels, or every list it
    /// would send to is empty and nothing else is sent. (Some regions without a
    /// binding are named by `unboundWarning`; unreadable lists are errors of
    /// their own.)
    private func neverSendsWarning(_ plan: MessagePlan) -> Diagnostic? {
        let name = plan.message.name
        if plan.occurrences.isEmpty {
            let window = MessageWindow(campaign: document.campaign, message: plan.message)
            let days = window.isEmpty ? "" : " (\(LocalDate(dayNumber: window.first)) to \(LocalDate(dayNumber: window.last)))"
            return Diagnostic(.warning, at: plan.message.location,
                              "message '\(name)' never sends: none of its times falls on a day it may send\(days)",
                              hint: "compare its 'at' and 'every' lines with its 'from', 'until' and 'except' and the campaign's dates")
        }
        if !plan.message.channels.contains(where: { channel in plan.regions.contains { tree.isBound($0, to: channel) } }) {
            let channels = plan.message.channels.map(\.rawValue).joined(separator: ", ")
            return Diagnostic(.warning, at: plan.message.location,
                              "message '\(name)' never sends: no region it reaches has a binding for \(channels)",
                              hint: "give those regions an 'sms' list or a 'webhook', or send it to regions that have one")
        }
        let sends = plan.message.channels.contains { channel in
            plan.message.texts[channel] != nil && plan.regions.contains { region in
                guard tree.isBound(region, to: channel) else { return false }
                return channel == .webhook || (recipientTallies[region]?.numbers ?? 1) > 0
            }
        }
        let emptyLists = plan.regions.filter { tree.isBound($0, to: .sms) && recipientTallies[$0]?.numbers == 0 }
        guard !sends, plan.message.channels.contains(.sms), !emptyLists.isEmpty else { return nil }
        let files = emptyLists.prefix(3).map { tree.regions[$0].sms!.path }
        let more = emptyLists.count > 3 ? " and \(emptyLists.count - 3) more" : ""
        return Diagnostic(.warning, at: plan.message.location,
                          "message '\(name)' never sends: every list it sends to has no number (\(files.joined(separator: ", "))\(more))",
                          hint: "fill the lists before the campaign, or send it to regions whose lists are ready")
    }

    /// Names the regions that get nothing (a few, then how many more), per channel.
    private func unboundWarning(_ plan: MessagePlan) -> Diagnostic? {
        guard !plan.unbound.isEmpty else { return nil }
        let perChannel = plan.unbound.sorted { $0.key < $1.key }.map { channel, indices in
            let paths = indices.prefix(3).map { tree.regions[$0].path.description }
            let more = indices.count > 3 ? " and \(indices.count - 3) more" : ""
            return "by \(channel) to " + paths.joined(separator: ", ") + more
        }
        return Diagnostic(.warning, at: plan.message.location,
                          "message '\(plan.message.name)': nothing is sent " + perChannel.joined(separator: "; "),
                          hint: "those regions, and every region above them that the message reaches, have no "
                              + "binding for the channel: give one an 'sms' list or a 'webhook', or leave them out with 'except'")
    }

    private func segmentWarning(_ plan: MessagePlan) -> Diagnostic? {
        guard plan.message.channels.contains(.sms), let template = plan.message.texts[.sms] else { return nil }
        let bound = plan.regions.filter { tree.isBound($0, to: .sms) }
        let tooLong = renderer.measureSMS(template, regions: bound).filter { $0.segments > Plan.segmentWarningLimit }
        guard let longest = tooLong.max(by: { ($0.segments, $0.units) < ($1.segments, $1.units) }) else { return nil }
        let regions = tooLong.count == 1 ? "1 region" : "\(tooLong.count) regions"
        return Diagnostic(.warning, at: template.location,
                          "message '\(plan.message.name)': the SMS takes up to \(longest.segments) segments "
                              + "(\(longest.units) \(longest.encoding) units) in \(regions)",
                          hint: "keep an SMS within \(Plan.segmentWarningLimit) segments: "
                              + "\(Plan.segmentWarningLimit * longest.encoding.partLimit) \(longest.encoding) units with the signature")
    }

    private func skippedMonthsWarning(_ rule: Rule, of message: Message) -> Diagnostic? {
        guard case .monthly(let days, _) = rule.recurrence else { return nil }
        let skipped = MessageWindow(campaign: document.campaign, message: message).monthsWithout(days: days)
        guard !skipped.isEmpty else { return nil }
        let list = skipped.map { month, missing in
            "\(month) (no \(missing.map(String.init).joined(separator: ", ")))"
        }.joined(separator: ", ")
        return Diagnostic(.warning, at: rule.location, "message '\(message.name)': the monthly rule skips \(list)",
                          hint: "a day from 1 to 28 comes every month; add an 'at' line for the short months")
    }
}
