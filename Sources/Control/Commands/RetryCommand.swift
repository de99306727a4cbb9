import ArgumentParser

/// `broadcastctl retry`: dead deliveries back to pending, due now.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Send dead deliveries again: back to pending, due now (with --now, also what waits out a backoff).",
        discussion: "Only deliveries of open broadcasts; cancelled and skipped broadcasts stay as they are. Exits 1 when nothing was retried. Recorded: see 'broadcastctl log --controls'."
    )

    @OptionGroup var location: OutboxOptions

    @Option(help: "The campaign; required when the outbox holds several.") var campaign: String?
    @Option(help: "Only this message.") var message: String?
    @Option(help: "Only this region.") var region: String?
    @Option(help: "Only this channel (sms, webhook).") var channel: String?
    @Flag(help: "Also send now what waits out a retry backoff (a gateway came back); each keeps its attempt count.")
    var now = false

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let clock = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("retry", target: ControlAudit.typedTarget(), in: outbox, now: clock) {
            let target = try await ControlTarget.resolve(campaign: campaign, message: message, region: region, channel: channel,
                                                         in: outbox)
            return try await Controls.retry(target, in: outbox, now: clock, waiting: now)
        }.emit()
    }
}
