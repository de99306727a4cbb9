/// A piece of a line: a word (anything up to a blank or a comma), a quoted
/// string (its text without quotes and escapes), a comma, or the text of a
/// rest-of-line value.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case word
        case quoted
        case comma
        /// Everything up to the end of the line (or the comment), as written.
        case rest
    }

    public var kind: Kind
    public var text: String
    /// Where the token starts.
    public var location: SourceLocation
    /// Unicode scalars the token covers in the line, quotes included.
    public var length: Int

    public init(kind: Kind, text: String, location: SourceLocation, length: Int) {
        self.kind = kind
        self.text = text
        self.location = location
        self.length = length
    }

    /// The location just after the token, where a missing argument would go.
    public var endLocation: SourceLocation {
        SourceLocation(file: location.file, line: location.line, column: location.column + length)
    }

    public var isComma: Bool { kind == .comma }

    public var description: String { kind == .comma ? "','" : "'\(text)'" }
}
