import ArgumentParser

/// `broadcastctl resume`: lift a pause made by `pause` with the same target.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused message, or a whole campaign with --campaign (--region, --from/--to: that pause only).",
        discussion: """
            Resuming a message does not lift a pause on its whole campaign; the command says so and exits 1.
            With --restart-list it answers a broadcast held because its recipient list changed under it \
            (status says 'changed since this broadcast started reading it'): the list is read again from its \
            start as it is now, and people the broadcast already reached are not sent the message again. \
            The other answer is 'broadcastctl cancel'. Exits 1 when it changed nothing (not paused). \
            Every control is recorded: see 'broadcastctl log --controls'.
            """
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    @Flag(help: "Send held broadcasts whose list changed to the list as it is now, from its start; nobody reached is sent twice.")
    var restartList = false

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let schedule = location.schedule()
        let now = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("resume", target: ControlAudit.typedTarget(), in: outbox, now: now) {
            if restartList { return try await Controls.restartList(try await target.resolve(in: outbox, schedule: schedule, now: now), in: outbox) }
            return try await Controls.resume(try await target.resolve(in: outbox, schedule: schedule, now: now, allowingUnknownMessage: true),
                                             in: outbox)
        }.emit()
    }
}
