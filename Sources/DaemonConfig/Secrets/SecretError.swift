/// Why a `secret:NAME` could not be resolved. The text names the secret and the
/// file, never the content.
public struct SecretError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// No file of that name in any of `lookedIn` (descriptions of the folders);
        /// `create` is the file to create when it is known (the `secrets` folder's).
        case notFound(lookedIn: [String], create: String?)
        /// Group or others may read or change the file; `mode` is its permission bits.
        /// For a symbolic link, `path` is the link's target, whose mode is what counts.
        case tooOpen(path: String, mode: Int)
        case unreadable(path: String)
        case notAFile(path: String)
        case empty(path: String)
        case tooLarge(path: String, limit: Int)
        case notUTF8(path: String)
        /// A line break inside a value that ends up in a URL or a header would let the
        /// file rewrite the request, so only one trailing newline is accepted.
        case lineBreak(path: String)
        /// A NUL byte: libcurl takes C strings, so the value would be cut short there.
        case nul(path: String)
        /// Neither `$CREDENTIALS_DIRECTORY` nor a `secrets` folder is there to look in.
        case nowhereToLook
    }

    public var name: String
    public var reason: Reason

    public init(name: String, reason: Reason) {
        self.name = name
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .notFound(let folders, _):
            return "secret '\(name)' not found (looked in \(folders.joined(separator: " and ")))"
        case .tooOpen(let path, let mode):
            let access = mode & 0o044 != 0 ? "readable" : "writable"
            return "secret file '\(path)' is \(access) by group or others (mode \(String(mode & 0o777, radix: 8))); refusing to use it"
        case .unreadable(let path):
            return "secret file '\(path)' cannot be read"
        case .notAFile(let path):
            return "secret '\(name)' at '\(path)' is not a regular file"
        case .empty(let path):
            return "secret file '\(path)' is empty"
        case .tooLarge(let path, let limit):
            return "secret file '\(path)' is larger than \(limit) bytes"
        case .notUTF8(let path):
            return "secret file '\(path)' is not UTF-8 text"
        case .lineBreak(let path):
            return "secret file '\(path)' holds a line break before its end"
        case .nul(let path):
            return "secret file '\(path)' holds a NUL byte"
        case .nowhereToLook:
            return "secret '\(name)' cannot be resolved: $CREDENTIALS_DIRECTORY is unset and no 'secrets' folder is configured"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch reason {
        case .notFound(_, let path?):
            return "create \(Self.shellQuoted(path)) holding the secret, readable only by its owner (chmod 600)"
        case .notFound(_, nil):
            return "create a file named '\(name)' holding the secret, readable only by its owner (chmod 600), in the folder "
                + "the unit loads with LoadCredential=broadcastd:FOLDER, and restart"
        case .tooOpen(let path, _):
            return "run: chmod 600 \(Self.shellQuoted(path))"
        case .unreadable(let path):
            return "check that the daemon's user owns '\(path)' and may read it"
        case .lineBreak:
            return "a secret is a single line; remove the inner line breaks"
        case .nul:
            return "a secret is text; write it again without the NUL (check it with: od -c)"
        case .nowhereToLook:
            return "add a line like 'secrets /etc/broadcastd/secrets', or run under systemd with LoadCredential=broadcastd:/etc/broadcastd/secrets (docs/config.md, 'Secrets')"
        case .notAFile, .empty, .tooLarge, .notUTF8:
            return nil
        }
    }

    /// A path as a shell reads it, so the printed `chmod` can be pasted as it is.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+,:@".unicodeScalars.contains(scalar))
        }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
