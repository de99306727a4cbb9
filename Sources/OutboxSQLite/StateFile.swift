import Outbox
import Foundation

/// The state folder's files are the campaign's recipients and its history:
/// they are made 0600 whatever the umask, and SQLite's own default (0644,
/// applied with `fchmod`, so a umask of 077 does not help) never gets to choose.
/// SQLite gives `-wal` and `-shm` the mode of their database file, so a
/// private `outbox.sqlite` keeps all three private.
enum StateFile {
    static let mode: mode_t = 0o600

    /// Creates `path` empty and private; fails if it exists.
    static func createPrivate(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw StateFolderError.system("cannot create", path) }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw StateFolderError.system("cannot make private", path) }
    }

    /// Replaces `path` with `text` through a private temporary file, synced before
    /// the rename, so a crash leaves the old content or the new, never half.
    static func writePrivate(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        try createPrivate(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StateFolderError.system("cannot write", temporary) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let error = StateFolderError.system("cannot write", path)
            unlink(temporary)
            throw error
        }
    }

    /// The file's size in bytes; nil when it does not exist or cannot be read.
    static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Tightens files made by an older broadcastd or by SQLite's default to 0600;
    /// a file that does not exist is skipped.
    static func makePrivate(_ paths: [String]) {
        for path in paths { _ = chmod(path, mode) }
    }
}
