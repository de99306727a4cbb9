import ArgumentParser
import Foundation

/// `broadcastctl send`: send an occurrence that was skipped as missed while the daemon was down.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send on purpose an occurrence skipped as 'missed while down'.",
        discussion: """
            The occurrence's broadcasts become due now and the running daemon sends them within a second; people \
            already reached are not sent it again. --occurrence is the planned time in the campaign's zone \
            (2021-12-31T20:00). Exits 1 when there is nothing to send (not missed, or not in the outbox). \
            Recorded: see 'broadcastctl log --controls'.
            """
    )

    @OptionGroup var location: OutboxOptions

    @Argument(help: "The message.") var message: String
    @Option(help: "The campaign; required when there are several.") var campaign: String?
    @Option(help: "The occurrence's planned time, in the campaign's zone: 2021-12-31T20:00.") var occurrence: String

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let schedule = location.schedule()
        let now = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("send", target: ControlAudit.typedTarget(), in: outbox, now: now) {
            let target = try await ControlTarget.resolve(campaign: campaign, message: message, in: outbox, schedule: schedule)
            let zone = schedule?.timeZone(campaign: target.campaign) ?? .current
            let instant = try ScheduleView.instant(occurrence, now: now, zone: zone)
            let shown = try schedule.map { try Controls.scheduledOccurrence(target, at: instant, in: $0) } ?? Timestamp(instant).rfc3339
            return try await Controls.sendMissed(target, occurrence: instant, shown: shown, in: outbox, now: now)
        }.emit()
    }
}
