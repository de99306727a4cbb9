import Foundation
import Schedule

/// What a phone list on disk is: a regular file (a symlink is followed) with an
/// identity, or something that must not be read as a list. A FIFO blocks its
/// reader forever, `/dev/zero` never ends, a directory is no list: each is
/// refused with a reason before anything reads it.
public enum ListFile {
    /// Why `path` cannot be a phone list, or nil when it is a regular file
    /// (or does not exist: that is the reader's "cannot read", not a kind).
    public static func kindProblem(atPath path: String) -> String? {
        FileKind.irregular(atPath: path).map(describe)
    }

    static func kindProblem(mode: mode_t) -> String? {
        FileKind.irregular(mode: mode).map(describe)
    }

    private static func describe(_ kind: String) -> String {
        kind == "not a regular file" ? "it is not a regular file" : "it is \(kind); a phone list must be a regular file"
    }

    /// The identity of the open file `descriptor`: which file it is (device,
    /// inode) and what it holds as far as the file system says (size,
    /// modification time in nanoseconds). A list replaced by `mv`, truncated,
    /// grown or rewritten has another identity.
    static func identity(ofDescriptor descriptor: Int32) -> ListIdentity? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return ListIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// Opens `path` for reading without ever blocking (a FIFO without a writer
    /// would block `open` itself) and only if it is a regular file.
    static func openRegular(_ path: String) throws(PhoneListError) -> FileHandle {
        if let problem = kindProblem(atPath: path) { throw PhoneListError(path: path, reason: problem) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw PhoneListError(path: path) }
        var info = stat()
        // Checked again on what was opened: the path may have been swapped since the stat.
        guard fstat(descriptor, &info) == 0, kindProblem(mode: info.st_mode) == nil else {
            close(descriptor)
            throw PhoneListError(path: path, reason: "it is not a regular file")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}

/// Which file a list is and the state it was in, as `ListFile.identity` gives it;
/// stored with a broadcast as text (`description`, parsed back by `init?(_:)`).
public struct ListIdentity: Hashable, Sendable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modifiedNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// `dev:inode:size:mtime-ns`.
    public var description: String { "\(device):\(inode):\(size):\(modifiedNanoseconds)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 4, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
              let size = Int64(parts[2]), let modified = Int64(parts[3]) else { return nil }
        self.init(device: device, inode: inode, size: size, modifiedNanoseconds: modified)
    }

    /// What differs from `earlier`, in words for `status` and the log.
    public func change(since earlier: ListIdentity) -> String {
        if device != earlier.device || inode != earlier.inode { return "replaced by another file" }
        if size < earlier.size { return "truncated" }
        if size > earlier.size { return "grown" }
        return "rewritten"
    }
}
