/// A config value after `secret:NAME` references were replaced by the secrets'
/// content. Only `revealed` gives the real text, for the request that needs it;
/// every printed form shows `<redacted>` where a secret was, so a value can be
/// logged, put in an error or shown by `status` without leaking anything.
///
/// Deliberately not `Codable`: nothing can write it to the database by accident.
public struct SecretText: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let redactionMark = "<redacted>"

    private let value: String
    /// The value with each secret replaced by `<redacted>`; equal to the value
    /// when it holds no secret.
    public let redacted: String
    /// The names of the secrets this value was built from, in order of appearance.
    public let secretNames: [String]

    /// A value without secrets, as written.
    public init(plain: String) {
        self.value = plain
        self.redacted = plain
        self.secretNames = []
    }

    init(value: String, redacted: String, secretNames: [String]) {
        self.value = value
        self.redacted = redacted
        self.secretNames = secretNames
    }

    /// The real text, secrets included. Use it only to build what goes on the wire.
    public var revealed: String { value }

    public var containsSecret: Bool { !secretNames.isEmpty }

    public var description: String { redacted }
    public var debugDescription: String { "SecretText(\(redacted))" }
    // `dump` and the default reflection would otherwise print the stored value.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": redacted], displayStyle: .struct) }
}
