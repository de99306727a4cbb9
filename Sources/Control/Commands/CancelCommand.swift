import ArgumentParser

/// `broadcastctl cancel`: give up what has not been sent of a message or campaign.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel what has not been sent of a message, or of a whole campaign with --campaign.",
        discussion: "Pending and retrying deliveries and unread recipients become cancelled; in-flight sends finish. It cannot be undone."
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    @Option(help: "Why, as status and log will show it.")
    var reason = "cancelled by operator"

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        try await OperateError.reported {
            try await Controls.cancel(try await target.resolve(in: outbox), reason: reason, in: outbox)
        }.emit()
    }
}
