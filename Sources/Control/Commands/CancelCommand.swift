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

    @Option(help: "Why, as status and log will show it.")
    var reason = "cancelled by operator"

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let schedule = location.schedule()
        let now = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("cancel", target: ControlAudit.typedTarget(), in: outbox, now: now) {
            let resolved = try await target.resolve(in: outbox, schedule: schedule, now: now)
            return try await Controls.cancel(resolved, reason: reason, in: outbox, schedule: schedule, now: now)
        }.emit()
    }
}
