import Outbox
import Foundation

/// Why the daemon will not start on a state folder: which file, what is wrong
/// with it, and what the operator can do. Never "start over": an outbox that is
/// not this folder's own would send every broadcast again.
public struct StateFolderError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var remedy: String

    public var description: String { "\(path): \(problem). \(remedy)" }

    /// A failed system call on `path`, with errno's text.
    static func system(_ action: String, _ path: String) -> StateFolderError {
        StateFolderError(path: path, problem: "\(action): \(String(cString: strerror(errno)))",
                         remedy: "Check that the state folder exists, is writable by the daemon's user and has free space.")
    }

    /// The two ways out of a refused outbox: its own file back, or a new outbox on purpose.
    static func remedy(directory: String) -> String {
        "Restore this state folder's outbox.sqlite from a backup; or, to start afresh knowing that every broadcast "
            + "of the schedule will be sent again to everyone, stop broadcastd and move outbox.sqlite, outbox.sqlite-wal, "
            + "outbox.sqlite-shm and outbox.id out of \(directory)."
    }
}
