import LineLanguage

/// Message text with `{variable}` references, already checked: every name
/// in `parts` is known for every region the message reaches.
public struct TextTemplate: Hashable, Sendable {
    public enum Part: Hashable, Sendable {
        case literal(String)
        /// `region`, `region.path`, `campaign`, `date`, or a `set` variable.
        case variable(String)
    }

    public var parts: [Part]
    /// The text exactly as written (for `fmt`); a block keeps its line breaks.
    public var source: String
    public var location: SourceLocation

    public init(parts: [Part], source: String, location: SourceLocation) {
        self.parts = parts
        self.source = source
        self.location = location
    }
}
