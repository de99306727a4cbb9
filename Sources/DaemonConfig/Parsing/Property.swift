import LineLanguage

/// How a key's value is read off its line.
struct KeySpec: Sendable {
    enum Shape: Sendable {
        /// Words and quoted strings; a ` #` starts a comment.
        case words
        /// Everything after the key, `#` included (a JSON body).
        case literalRest
        /// A name, then everything after it as the value: `field to {to}`.
        case nameAndRest
    }

    var name: String
    var shape: Shape = .words
    /// May appear more than once in a block (`signing` while a secret rotates).
    var repeatable = false
}

/// One indented `key value…` line of a block, already split into arguments.
struct Property: Sendable {
    var key: Token
    var arguments: [Token]
    /// Just after the last token: where a missing argument is reported.
    var end: SourceLocation

    var keyName: String { key.text }
}
