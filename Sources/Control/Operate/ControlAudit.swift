import Foundation
import Outbox

/// Every control is kept in the outbox with who ran it, when and what it
/// answered (`broadcastctl log --controls`, `status`), so an ops team can tell
/// who paused the launch. What the control changed is already committed when
/// it is recorded: a failure to record is said, not undone.
enum ControlAudit {
    /// `SUDO_USER` when run through sudo (root is not who decided), else the
    /// name of the uid, else `uid N`.
    static func invokingUser(environment: [String: String] = ProcessInfo.processInfo.environment,
                             uid: uid_t = getuid()) -> String {
        if let sudo = environment["SUDO_USER"], !sudo.isEmpty { return sudo }
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }

    /// The control's arguments as typed, without where the outbox is: `launch --campaign chunfeng`.
    static func typedTarget(_ arguments: [String] = CommandLine.arguments) -> String {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments.dropFirst(2) {
            if skipNext { skipNext = false; continue }
            if ["--config", "--state", "--state-dir"].contains(argument) { skipNext = true; continue }
            if ["--config=", "--state=", "--state-dir="].contains(where: argument.hasPrefix) { continue }
            kept.append(argument)
        }
        return kept.joined(separator: " ")
    }

    /// Runs a control's core and records what it answered; the outcome is the core's.
    static func recorded(_ command: String, target: String, in outbox: any ControlOutbox, now: Int64,
                         user: String = invokingUser(), _ body: () async throws -> CommandOutcome) async -> CommandOutcome {
        var outcome = await OperateError.reported(body)
        let record = ControlRecord(at: now, user: user, command: command, target: target, outcome: outcome.text,
                                   changed: outcome.succeeded)
        do {
            try await outbox.recordControl(record)
        } catch {
            outcome.text += "\n(the control could not be recorded in the outbox: \(error))"
        }
        return outcome
    }
}
