import Foundation
import LineLanguage
import Outbox

/// What `pause`, `resume`, `cancel` and `retry` act on: a campaign, with or
/// without a message (and for `cancel` and `retry` a region, for `cancel` a
/// range of occurrences, for `retry` a channel), checked against the loaded
/// schedule and what the outbox holds so that a typo is an error, not a silent no-op.
struct ControlTarget: Hashable, Sendable, CustomStringConvertible {
    var campaign: String
    var message: String?
    var region: String?
    var channel: String?
    /// Occurrences at or after this instant.
    var from: Int64? = nil
    /// Occurrences strictly before this instant.
    var until: Int64? = nil
    /// Where `from` and `until` are read and said: the campaign's zone.
    var rangeZone: TimeZone? = nil

    /// The pause `pause` makes and `resume` lifts: this message (or campaign), region and range.
    var pause: Pause {
        Pause(campaign: campaign, message: message, region: region, from: from, until: until)
    }

    var filter: BroadcastFilter {
        BroadcastFilter(campaign: campaign, message: message, region: region, channel: channel)
    }

    /// `message 'weekly-tip' of campaign 'chunfeng'`, `campaign 'chunfeng' in region 'nanchang'`.
    var description: String {
        var text = message.map { "message '\($0)' of campaign '\(campaign)'" } ?? "campaign '\(campaign)'"
        if let region { text += " in region '\(region)'" }
        if let channel { text += " on channel '\(channel)'" }
        if from != nil || until != nil { text += " (\(rangeText))" }
        return text
    }

    /// `from 2021-02-10 00:00:00 +08:00 before 2021-02-11 00:00:00 +08:00`, in UTC when no zone is known.
    var rangeText: String {
        let display = Display(timeZone: rangeZone ?? TimeZone(identifier: "UTC")!)
        return [from.map { "from \(display.time($0))" }, until.map { "before \(display.time($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    /// The campaign named, or the only one of the schedule and the outbox; then
    /// the message and region, which the schedule or the outbox must know,
    /// unless `allowingUnknownMessage` (resuming a pause left by a message that
    /// has since gone).
    static func resolve(campaign: String?, message: String?, region: String? = nil, channel: String? = nil,
                        in outbox: any ControlOutbox, schedule: ScheduleView? = nil,
                        allowingUnknownMessage: Bool = false) async throws -> ControlTarget {
        let campaigns = Array(Set(try await outbox.campaigns() + (schedule?.campaignNames ?? []))).sorted()
        let place = schedule == nil ? "in the outbox" : "in the schedule or the outbox"
        let chosen: String
        if let campaign {
            guard campaigns.contains(campaign) || allowingUnknownMessage else {
                throw OperateError("no campaign '\(campaign)' \(place)" + listing(campaigns, schedule == nil ? "it holds" : "known", near: campaign))
            }
            chosen = campaign
        } else if campaigns.count == 1 {
            chosen = campaigns[0]
        } else if campaigns.isEmpty {
            throw OperateError(schedule == nil ? "the outbox holds no broadcasts yet" : "the schedule has no campaign")
        } else {
            throw OperateError("\(schedule == nil ? "the outbox holds" : "there are") several campaigns "
                               + "(\(campaigns.joined(separator: ", "))); name one with --campaign")
        }
        let target = ControlTarget(campaign: chosen, message: message, region: region, channel: channel)
        if let message, !allowingUnknownMessage {
            let messages = Array(Set(try await outbox.messages(campaign: chosen) + (schedule?.messageNames(campaign: chosen) ?? []))).sorted()
            guard messages.contains(message) else {
                throw OperateError("campaign '\(chosen)' has no message '\(message)' \(place)"
                                   + listing(messages, schedule == nil ? "its messages there" : "its messages", near: message))
            }
        }
        if let region, let schedule, schedule.campaign(chosen) != nil {
            let regions = schedule.regionNames(campaign: chosen)
            if !regions.contains(region), try await outbox.controlScope(target.filter).broadcasts == 0 {
                throw OperateError("campaign '\(chosen)' has no region '\(region)' \(place)" + listing(regions, "its regions", near: region))
            }
        } else if region != nil || channel != nil, try await outbox.controlScope(target.filter).broadcasts == 0 {
            throw OperateError("no broadcasts of \(target) in the outbox")
        }
        return target
    }

    /// Why `campaign` or `message` names nothing the outbox holds, for a
    /// command (such as `log`) that found nothing and must not read as "none yet".
    static func unknownName(campaign: String?, message: String?, in outbox: any ControlOutbox) async throws -> String? {
        let campaigns = try await outbox.campaigns()
        if let campaign, !campaigns.contains(campaign) {
            return "no campaign '\(campaign)' in the outbox" + listing(campaigns, "it holds", near: campaign)
        }
        guard let message else { return nil }
        var messages: Set<String> = []
        for name in campaign.map({ [$0] }) ?? campaigns { messages.formUnion(try await outbox.messages(campaign: name)) }
        guard !messages.contains(message) else { return nil }
        return "no message '\(message)' in the outbox" + listing(messages.sorted(), "its messages", near: message)
    }

    /// ` (did you mean 'x'?)` for a likely typo, else up to ten of `names`.
    static func listing(_ names: [String], _ heading: String, near wanted: String) -> String {
        if let nearest = Suggestion.closest(to: wanted, among: names) { return "; did you mean '\(nearest)'?" }
        guard !names.isEmpty else { return "" }
        let shown = names.prefix(10).joined(separator: ", ")
        return " (\(heading): \(shown)\(names.count > 10 ? ", …" : ""))"
    }
}
