import Foundation

/// An exclusive lock on a SQLite outbox's state folder (`broadcastd.lock`): the
/// daemon holds it while it runs, since two daemons on one outbox would each take
/// the other's leases for crashed ones, and `broadcastctl outbox copy` takes it
/// to prove the daemon is stopped. The kernel drops the lock when the process
/// dies, however it dies, so a stale lock never blocks a restart.
public final class StateFolderLock {
    /// Why the lock was not taken: held by another process, or a system error.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// True when another process holds the lock (a daemon running on the folder).
        public let isHeld: Bool
    }

    public static let fileName = "broadcastd.lock"

    private let descriptor: Int32

    /// Takes the lock without waiting, making the folder (0700) when it is missing.
    public init(directory: String) throws(Failure) {
        let path = directory + "/" + Self.fileName
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(description: "cannot make the state folder \(directory): \(error.localizedDescription)", isHeld: false)
        }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))", isHeld: false)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Failure(description: "another broadcastd is running with the state folder \(directory)", isHeld: true)
        }
    }

    public func release() {
        close(descriptor)
    }
}
