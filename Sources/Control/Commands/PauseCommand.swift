import ArgumentParser

/// `broadcastctl pause`: stop handing out a message's (or a campaign's) deliveries.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a message, or a whole campaign with --campaign; in-flight sends finish.",
        discussion: """
            Any message of the schedule --config names can be paused, whether or not it has reached the outbox \
            (the daemon enqueues an occurrence about a minute before it is due): the pause is kept in the outbox, \
            and an occurrence that comes due while it holds is enqueued paused, until 'resume'. The running daemon \
            stops leasing within a second. --region and --from/--to narrow the pause to a region and a range of \
            occurrences (times in the campaign's zone). Says what it paused and exits 1 when it changed nothing (already paused, \
            or finished with no later occurrence). Every control is recorded: see 'broadcastctl log --controls'.
            """
    )

    @OptionGroup var location: OutboxOptions
    @OptionGroup var target: ControlTargetOptions

    func run() async throws {
        let outbox = try await reportingErrors { try await location.open() }.backend
        let schedule = location.schedule()
        let now = try await DaemonClock.now(reading: outbox)
        try await ControlAudit.recorded("pause", target: ControlAudit.typedTarget(), in: outbox, now: now) {
            do {
                return try await Controls.pause(try await target.resolve(in: outbox, schedule: schedule, now: now), in: outbox,
                                                schedule: schedule, now: now)
            } catch {
                guard let unwritable = UnwritableOutbox.matches(error) else { throw error }
                return .failure(await UnwritableOutbox.advice(unwritable, what: "nothing was paused", outbox: outbox))
            }
        }.emit()
    }
}
