/// A place in a source file, 1-based, as printed in `file:line:column`.
/// Columns count Unicode scalars (Chinese text is one column a character),
/// so a caret lines up under the character a terminal shows.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
