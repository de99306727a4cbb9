import Foundation

/// Where secrets are read from: `$CREDENTIALS_DIRECTORY` when systemd provides one
/// (`LoadCredential=`), otherwise the config's `secrets` folder.
struct SecretStore: Sendable {
    /// A secret is a password, a token or a key, never a document.
    static let maximumSize = 64 * 1024

    enum Folder: Hashable, Sendable {
        case credentialsDirectory(String)
        case secretsFolder(String)

        var path: String {
            switch self {
            case .credentialsDirectory(let path), .secretsFolder(let path): return path
            }
        }

        var described: String {
            switch self {
            case .credentialsDirectory(let path): return "$CREDENTIALS_DIRECTORY (\(path))"
            case .secretsFolder(let path): return "the secrets folder '\(path)'"
            }
        }
    }

    /// The ID of the one `LoadCredential=` line that loads the whole secrets folder.
    static let directoryCredentialID = "broadcastd"
    static let directoryCredentialPrefix = directoryCredentialID + "_"

    /// nil when there is nowhere to look.
    let folder: Folder?
    /// The config's `secrets` folder, even when systemd's folder is read instead:
    /// usually the one its `LoadCredential=` loads, so where a missing secret goes.
    let secretsFolder: String?

    init(environment: [String: String], secretsFolder: String?) {
        self.secretsFolder = secretsFolder
        if let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            folder = .credentialsDirectory(credentials)
        } else if let secretsFolder {
            folder = .secretsFolder(secretsFolder)
        } else {
            folder = nil
        }
    }

    /// The content of secret `name`, one trailing newline (LF or CRLF) removed.
    func read(_ name: String) -> Result<String, SecretError> {
        guard let folder else { return .failure(SecretError(name: name, reason: .nowhereToLook)) }
        var path = (folder.path as NSString).appendingPathComponent(name)
        // `LoadCredential=broadcastd:/etc/broadcastd/secrets` loads a whole folder in
        // one line; systemd names each file's credential `broadcastd_FILE`.
        if case .credentialsDirectory = folder, !FileManager.default.fileExists(atPath: path) {
            let loaded = (folder.path as NSString).appendingPathComponent(Self.directoryCredentialPrefix + name)
            if FileManager.default.fileExists(atPath: loaded) { path = loaded }
        }
        func failure(_ reason: SecretError.Reason) -> Result<String, SecretError> {
            .failure(SecretError(name: name, reason: reason))
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let create = secretsFolder.map { ($0 as NSString).appendingPathComponent(name) }
            return failure(.notFound(lookedIn: [folder.described], create: create))
        }
        if isDirectory.boolValue { return failure(.notAFile(path: path)) }
        // A link's own mode is always 777; what protects the secret is its target's.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else {
            return failure(.unreadable(path: path))
        }
        // systemd hands credentials over in a private, read-only directory of its own;
        // only a folder we manage ourselves can have been left open by mistake.
        if case .secretsFolder = folder, let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue,
           mode & 0o077 != 0 {
            return failure(.tooOpen(path: target, mode: mode))
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > Self.maximumSize {
            return failure(.tooLarge(path: path, limit: Self.maximumSize))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return failure(.unreadable(path: path)) }
        guard var text = String(data: data, encoding: .utf8) else { return failure(.notUTF8(path: path)) }
        // "\r\n" is a single Character, so one removeLast drops either ending whole.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        if text.isEmpty { return failure(.empty(path: path)) }
        if text.contains(where: \.isNewline) { return failure(.lineBreak(path: path)) }
        // C strings end at a NUL: curl would send the URL or header cut short there.
        if text.unicodeScalars.contains("\u{0}") { return failure(.nul(path: path)) }
        return .success(text)
    }

    /// `written` with every `secret:NAME` replaced by its content (passed through
    /// `escape`, for a value inside a JSON string), and the errors of those that
    /// could not be read, each with the reference's scalar offset.
    /// `escape` also gets the reference's scalar offset in `written`, to tell a URL's path from its query.
    func resolve(_ written: String, escape: (String, Int) -> String = { text, _ in text }) -> (SecretText, [(offset: Int, error: SecretError)]) {
        let references = SecretReference.scan(written)
        if references.isEmpty { return (SecretText(plain: written), []) }
        let scalars = Array(written.unicodeScalars)
        var value = "", redacted = ""
        var failures: [(offset: Int, error: SecretError)] = []
        var cursor = 0
        for reference in references {
            let before = String(String.UnicodeScalarView(scalars[cursor..<reference.range.lowerBound]))
            value += before
            redacted += before
            switch read(reference.name) {
            case .success(let secret): value += escape(secret, reference.offset)
            case .failure(let error): failures.append((reference.offset, error))
            }
            redacted += SecretText.redactionMark
            cursor = reference.range.upperBound
        }
        let rest = String(String.UnicodeScalarView(scalars[cursor...]))
        value += rest
        redacted += rest
        return (SecretText(value: value, redacted: redacted, secretNames: references.map(\.name)), failures)
    }
}
