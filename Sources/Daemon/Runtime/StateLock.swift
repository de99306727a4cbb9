import Foundation

/// An exclusive lock on the state folder: two daemons on one outbox would each
/// take the other's leases for crashed ones. The kernel drops the lock when the
/// process dies, however it dies, so a stale lock never blocks a restart.
final class StateLock {
    private let descriptor: Int32

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let path = directory + "/broadcastd.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DaemonRuntime.StartupError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DaemonRuntime.StartupError(description: "another broadcastd is running with the state folder \(directory)")
        }
    }

    func release() {
        close(descriptor)
    }
}
