import ArgumentParser
import Foundation
import Outbox

/// `broadcastctl status`: where things stand, read straight from the outbox, so
/// it works while the daemon is down and never blocks it.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the daemon, the broadcasts and their progress, the gateways and the latest failures.",
        discussion: """
            Reads the outbox directly, so it works while broadcastd is down. With the schedule --config names, also \
            what is next (in order, marked paused or cancelled) before it reaches the outbox, and when the config can be \
            read whole (not under --watch), when each should finish as `rehearse` predicts it. The latest controls \
            (who paused or cancelled what) close the report. --json prints one object, documented in docs/status.md.
            """
    )

    @OptionGroup var location: OutboxOptions

    @Flag(help: "Print one JSON object (see docs/status.md).")
    var json = false

    @Flag(help: "Redraw every second until interrupted (Ctrl-C).")
    var watch = false

    @OptionGroup var times: DisplayOptions

    func run() async throws {
        // Bars and screen clearing are not colour: NO_COLOR does not turn them off.
        let interactive = isatty(STDOUT_FILENO) == 1
        let location = location
        let json = json
        let display = times.display(config: location.config)
        guard watch else {
            let opened = try await reportingErrors { try await location.open() }
            // The rehearsed finishes need the whole config (its gateways and secrets); without
            // it, none are shown and the schedule is read from the config's `schedule` line alone.
            let inputs = try? RehearsalInputs.read(config: location.config).get()
            let schedule = inputs.map { ScheduleView(campaigns: $0.load.campaigns) } ?? location.schedule()
            try await StatusCommand.outcome(outbox: opened.backend, path: opened.place, now: DaemonClock.wallClock(), json: json, bars: interactive,
                                             display: display, schedule: schedule, rehearsal: inputs).emit()
            return
        }
        try await StatusWatch.untilInterrupted {
            let opened = try await reportingErrors { try await location.open() }
            let schedule = location.schedule()
            try await StatusWatch.run(interactive: interactive, render: {
                let outcome = await StatusCommand.outcome(outbox: opened.backend, path: opened.place, now: DaemonClock.wallClock(),
                                                    json: json, pretty: false, bars: interactive, display: display, schedule: schedule)
                guard outcome.succeeded else {
                    Terminal.printError(outcome.text)
                    throw ExitCode(outcome.exitCode)
                }
                return outcome.text
            }, write: { FileHandle.standardOutput.write(Data($0.utf8)) }, pause: { try await Task.sleep(for: .seconds(1)) })
        }
    }

    /// The report as text or JSON; a failed read (a broken file) as a failure.
    static func outcome(outbox: any StatusOutbox & ControlOutbox, path: String, now: Int64, json: Bool, pretty: Bool = true, bars: Bool,
                        display: Display, schedule: ScheduleView? = nil, rehearsal: RehearsalInputs? = nil,
                        processExists: @escaping @Sendable (Int32) -> Bool = DaemonStatus.processExists) async -> CommandOutcome {
        await OperateError.reported {
            var report = try await StatusReport.collect(from: outbox, path: path, now: now, campaigns: display.zones.campaigns,
                                                        processExists: processExists)
            if let schedule { report.next = try await NextOccurrence.collect(schedule, outbox: outbox, now: report.generatedAt.seconds) }
            if let rehearsal { report.next = RehearsedFinish.fill(report.next, inputs: rehearsal) }
            report.controls = try await outbox.controlRecords(limit: 5).map(ControlLine.init)
            if json { return .success(try JSONOutput.encode(report, pretty: pretty)) }
            return .success(StatusRenderer(display: display, bars: bars).render(report))
        }
    }
}
