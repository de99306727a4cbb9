import Foundation

/// What kind of file a path names, for the loaders that read only regular
/// files: a FIFO blocks its reader forever, a device such as `/dev/zero` never
/// ends, a directory is no text. Symlinks are followed.
public enum FileKind {
    /// `"a FIFO (named pipe)"`, `"a directory"`, …; nil for a regular file or a path that does not exist.
    public static func irregular(atPath path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return irregular(mode: info.st_mode)
    }

    public static func irregular(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}
