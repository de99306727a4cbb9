import ArgumentParser

/// `broadcastctl pause`: stop handing out a message's (or a campaign's) deliveries.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a message, or a whole campaign with --campaign; in-flight sends finish.",
        discussion: "The running daemon stops leasing within a second. Broadcasts enqueued later are paused too, until 'resume'."
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        try await OperateError.reported {
            do {
                return try await Controls.pause(try await target.resolve(in: outbox), in: outbox,
                                                now: try await DaemonClock.now(reading: outbox))
            } catch {
                guard let unwritable = UnwritableOutbox.matches(error) else { throw error }
                return .failure(await UnwritableOutbox.advice(unwritable, what: "nothing was paused", outbox: outbox))
            }
        }.emit()
    }
}
