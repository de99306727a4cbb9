/// One key a block takes, and how its value is read off its line.
public struct PropertyKey: Hashable, Sendable {
    public enum Shape: Hashable, Sendable {
        /// Words and quoted strings; a ` #` starts a comment.
        case words
        /// Everything after the key, `#` included (a JSON body).
        case literalRest
        /// A name, then everything after it as the value: `field to {to}`.
        case nameAndRest
    }

    public var name: String
    public var shape: Shape
    /// May appear more than once in a block (`signing` while a secret rotates).
    public var repeatable: Bool

    public init(_ name: String, shape: Shape = .words, repeatable: Bool = false) {
        self.name = name
        self.shape = shape
        self.repeatable = repeatable
    }
}

/// One indented `key value…` line of a block, its value split into arguments
/// as its key's shape says.
public struct PropertyLine: Sendable {
    public var key: Token
    public var arguments: [Token]
    /// Just after the last token: where a missing argument is reported.
    public var end: SourceLocation

    public init(key: Token, arguments: [Token], end: SourceLocation) {
        self.key = key
        self.arguments = arguments
        self.end = end
    }

    public var keyName: String { key.text }
}
