import ArgumentParser
import Outbox

/// `MESSAGE` or `--campaign NAME` (or both), shared by pause, resume and cancel.
struct ControlTargetOptions: ParsableArguments {
    @Argument(help: "The message to act on; without it, --campaign acts on the whole campaign.")
    var message: String?

    @Option(help: "The campaign; required when there are several, or to act on a whole campaign.")
    var campaign: String?

    func validate() throws {
        if message == nil && campaign == nil {
            throw ValidationError("name a message, or --campaign NAME to act on a whole campaign")
        }
    }

    func resolve(in outbox: any ControlOutbox, schedule: ScheduleView? = nil, allowingUnknownMessage: Bool = false) async throws -> ControlTarget {
        try await ControlTarget.resolve(campaign: campaign, message: message, in: outbox, schedule: schedule,
                                        allowingUnknownMessage: allowingUnknownMessage)
    }
}
