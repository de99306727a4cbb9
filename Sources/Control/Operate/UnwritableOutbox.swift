import Outbox
import OutboxSQLite

/// What `pause` and `optout add` say when the outbox cannot take the change
/// (read-only state folder, full disk): that nothing changed, and the way to
/// stop the sending anyway, which needs no write: the daemon's emergency stop
/// (SIGUSR1, lifted by SIGUSR2 or a restart; see docs/status.md).
enum UnwritableOutbox {
    /// Whether `error` means the outbox cannot be written now (as opposed to a bug or a bad argument).
    static func matches(_ error: any Error) -> SQLiteError? {
        guard let error = error as? SQLiteError, error.isReadOnly || error.isDiskFull else { return nil }
        return error
    }

    /// `what` is the change that did not happen ("nothing was paused").
    static func advice(_ error: SQLiteError, what: String, outbox: (any MembershipOutbox)?) async -> String {
        let file = error.path ?? "the outbox"
        var lines = ["\(file) cannot be written (\(error.hint ?? error.message)): \(what)."]
        lines.append("To stop all sending now, without writing the outbox, use the daemon's emergency stop "
                     + "(nothing new goes to any gateway until SIGUSR2 or a restart):")
        lines.append("    systemctl kill -s SIGUSR1 broadcastd")
        if let pid = await runningDaemon(outbox) { lines.append("    or, outside systemd: kill -USR1 \(pid)") }
        lines.append("Lift it with: systemctl kill -s SIGUSR2 broadcastd. Once the state folder is writable again, "
                     + "run this command again so the change is kept across restarts.")
        return lines.joined(separator: "\n")
    }

    /// The pid of the daemon using this outbox, when the outbox can be read and the process exists.
    private static func runningDaemon(_ outbox: (any MembershipOutbox)?) async -> Int32? {
        guard let record = try? await outbox?.daemonRecord(), record.stoppedAt == nil,
              DaemonStatus.processExists(record.pid) else { return nil }
        return record.pid
    }
}
