import ArgumentParser
import Foundation
import Outbox

/// `broadcastctl cancel`: give up what has not been sent of a message or campaign, and what is ahead of it.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel what has not been sent of a message, or of a whole campaign with --campaign, and its later occurrences.",
        discussion: """
            Pending and retrying deliveries and unread recipients become cancelled; in-flight sends finish. \
            With the schedule --config names, later occurrences not yet in the outbox are cancelled too: the \
            decision is kept in the outbox, and each goes in as cancelled when it comes due (recorded, never sent). \
            --region and --from/--to narrow it; times are in the campaign's zone (2021-02-09T20:00, 2021-02-09). \
            It cannot be undone. Exits 1 when it changed nothing (everything already finished, cancelled or skipped). \
            Every control is recorded: see 'broadcastctl log --controls'.
            """
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    @Option(help: "Only this region (as the schedule names it, e.g. jiangxi/nanchang).") var region: String?
    @Option(help: "Only occurrences at or after this time, in the campaign's zone.") var from: String?
    @Option(help: "Only occurrences before this time, in the campaign's zone.") var to: String?

    @Option(help: "Why, as status and log will show it.")
    var reason = "cancelled by operator"

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let schedule = location.schedule()
        let now = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("cancel", target: ControlAudit.typedTarget(), in: outbox, now: now) {
            let resolved = try await Self.rangedTarget(message: target.message, campaign: target.campaign, region: region, from: from, to: to,
                                                 in: outbox, schedule: schedule, now: now)
            return try await Controls.cancel(resolved, reason: reason, in: outbox, schedule: schedule, now: now)
        }.emit()
    }

    /// The target with its range read in the campaign's zone; a range that holds nothing is an error.
    static func rangedTarget(message: String?, campaign: String?, region: String?, from: String?, to: String?,
                       in outbox: any ControlOutbox, schedule: ScheduleView?, now: Int64) async throws -> ControlTarget {
        var resolved = try await ControlTarget.resolve(campaign: campaign, message: message, region: region, in: outbox, schedule: schedule)
        let zone = schedule?.timeZone(campaign: resolved.campaign) ?? .current
        resolved.rangeZone = zone
        resolved.from = try from.map { try SinceArgument.parse($0, now: now, timeZone: zone) }
        resolved.until = try to.map { try SinceArgument.parse($0, now: now, timeZone: zone) }
        if let start = resolved.from, let end = resolved.until, start >= end {
            throw OperateError("--from \(from ?? "") is not before --to \(to ?? ""): the range holds no occurrence")
        }
        return resolved
    }
}
