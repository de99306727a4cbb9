import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted over a folder, for a real "No space left on device".
/// Needs CAP_SYS_ADMIN (the tests run as root); `isPermitted` finds out once.
final class TmpfsMount: Sendable {
    let path: String

    init(at path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(size),mode=0700") == 0 else {
            throw HarnessError("cannot mount a tmpfs on \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
    }

    /// Fills the file system with `filler` until it is full.
    func fill() {
        let descriptor = open(path + "/filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let chunk = [UInt8](repeating: 0, count: 64 << 10)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        close(descriptor)
    }

    func free() {
        unlink(path + "/filler")
    }

    /// The same files seen read-only at `view` (a read-only bind mount), as an
    /// operator whose shell has the state folder under ReadOnlyPaths sees them,
    /// while the daemon goes on writing its own path. A busy file system cannot
    /// be remounted read-only as a whole.
    func readOnlyView(at view: String) throws {
        try FileManager.default.createDirectory(atPath: view, withIntermediateDirectories: true)
        guard mount(path, view, nil, UInt(MS_BIND), nil) == 0,
              mount(nil, view, nil, UInt(MS_REMOUNT) | UInt(MS_BIND) | UInt(MS_RDONLY), nil) == 0 else {
            throw HarnessError("cannot make a read-only view of \(path): \(String(cString: strerror(errno)))")
        }
    }

    func unmount() {
        umount2(path, Int32(MNT_DETACH))
    }

    /// Whether this process may mount a tmpfs at all (root, not in a locked-down container).
    static let isPermitted: Bool = {
        let probe = NSTemporaryDirectory() + "tmpfs-probe-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard let mounted = try? TmpfsMount(at: probe, size: "64k") else { return false }
        mounted.unmount()
        return true
    }()
}
