import ArgumentParser

/// `broadcastctl resume`: lift a pause made by `pause` with the same target.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused message, or a whole campaign with --campaign.",
        discussion: "Resuming a message does not lift a pause on its whole campaign; the command says so and exits 1."
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    func run() throws {
        let (outbox, _) = try reportingErrors { try location.open() }
        try OperateError.reported {
            try Controls.resume(try target.resolve(in: outbox, allowingUnknownMessage: true), in: outbox)
        }.emit()
    }
}
