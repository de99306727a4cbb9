import LineLanguage

/// A parsed value with the place it was written, so validation can point at it.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// What sits between statements and properties and is kept for `fmt`:
/// a comment line (its text from `#`) or a blank line.
public enum Trivia: Hashable, Sendable {
    case blankLine
    case comment(String)
}
