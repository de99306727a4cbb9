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
            [unboundWarning(plan), segmentWarning(plan)].compactMap { $0 }
                + plan.message.rules.compactMap { skippedMonthsWarning($0, of: plan.message) }
        } + capWarnings() + malformedNumberDiagnostics() + optOutFileDiagnostics()
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
