/// Reads one line left to right, token by token. The caller decides, token by
/// token, how to read: `next()` for words, commas and quoted strings (a `#`
/// after a blank starts a comment), `rest(literal:)` for a value that runs to
/// the end of the line, with `#` as text when `literal` is true.
///
/// Planners type with Chinese input methods, which give full-width forms: in
/// words and between them, `，` and `、` are commas, the ideographic space is a
/// blank, and full-width letters, digits and signs (`１０：００`) read as their
/// ASCII counterparts. Quoted strings and rest-of-line values (texts, names)
/// keep what was written.
public struct LineScanner: Sendable {
    public let line: SourceLine
    public let file: String
    private var position: Int
    /// The `#` comment that ended the line, once the scanner reached it.
    public private(set) var comment: Token?
    /// Problems found while scanning (an unterminated quoted string).
    public private(set) var diagnostics: [Diagnostic] = []
    private var lastEnd: Int

    /// Starts after the line's indentation.
    public init(line: SourceLine, file: String) {
        self.line = line
        self.file = file
        self.position = line.indentation
        self.lastEnd = line.indentation
    }

    private var scalars: [Unicode.Scalar] { line.scalars }

    public func location(atOffset offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line.number, column: offset + 1)
    }

    /// Just after the last token read: where "expected …" goes when the line ends early.
    public var endLocation: SourceLocation { location(atOffset: lastEnd) }

    /// True when no token is left before the end of the line or its comment.
    public mutating func isAtEnd() -> Bool { peek() == nil }

    /// Whether the next token is a comma; cheaper than `peek()` in list loops.
    public func isAtComma() -> Bool {
        var index = position
        while index < scalars.count, scalars[index].isBlank { index += 1 }
        return comment == nil && index < scalars.count && scalars[index].isComma
    }

    public mutating func peek() -> Token? {
        var copy = self
        return copy.next()
    }

    public mutating func next() -> Token? {
        skipBlanks()
        guard position < scalars.count, comment == nil else { return nil }
        let start = position
        let first = scalars[start]
        if first == "#" && (start == 0 || scalars[start - 1].isBlank) {
            readComment()
            return nil
        }
        if first.isComma {
            position += 1
            return finish(.comma, ",", start: start)
        }
        if first == "\"" { return readQuoted() }
        while position < scalars.count, !scalars[position].isBlank, !scalars[position].isComma {
            position += 1
        }
        return finish(.word, String(scalars: scalars[start..<position].map(\.halfWidth)), start: start)
    }

    /// The rest of the line, trailing blanks dropped; nil when nothing is left.
    /// Not literal: a `#` after a blank starts a comment, which ends the value.
    public mutating func rest(literal: Bool) -> Token? {
        skipBlanks()
        guard position < scalars.count, comment == nil else { return nil }
        let start = position
        var end = scalars.count
        if !literal {
            var index = start
            while index < scalars.count {
                if scalars[index] == "#" && (index == start || scalars[index - 1].isBlank) {
                    end = index
                    break
                }
                index += 1
            }
        }
        var trimmedEnd = end
        while trimmedEnd > start && scalars[trimmedEnd - 1].isBlank { trimmedEnd -= 1 }
        position = end
        if end < scalars.count { readComment() }
        guard trimmedEnd > start else { return nil }
        let token = Token(kind: .rest, text: string(start..<trimmedEnd), location: location(atOffset: start),
                          length: trimmedEnd - start)
        lastEnd = trimmedEnd
        return token
    }

    private mutating func skipBlanks() {
        while position < scalars.count, scalars[position].isBlank { position += 1 }
    }

    private mutating func readComment() {
        let start = position
        var end = scalars.count
        while end > start && scalars[end - 1].isBlank { end -= 1 }
        comment = Token(kind: .rest, text: string(start..<end), location: location(atOffset: start), length: end - start)
        position = scalars.count
    }

    /// `"…"` with `\"` and `\\` as escapes; an unterminated string runs to the end of the line.
    private mutating func readQuoted() -> Token {
        let start = position
        position += 1
        var text: [Unicode.Scalar] = []
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "\"" {
                position += 1
                return finish(.quoted, String(scalars: text), start: start)
            }
            if scalar == "\\", position + 1 < scalars.count {
                position += 1
            }
            text.append(scalars[position])
            position += 1
        }
        diagnostics.append(Diagnostic(.error, at: location(atOffset: start), "unterminated quoted string",
                                      hint: "close it with '\"' on the same line"))
        return finish(.quoted, String(scalars: text), start: start)
    }

    private mutating func finish(_ kind: Token.Kind, _ text: String, start: Int) -> Token {
        lastEnd = position
        return Token(kind: kind, text: text, location: location(atOffset: start), length: position - start)
    }

    private func string(_ range: Range<Int>) -> String {
        String(scalars: scalars[range])
    }
}

extension Unicode.Scalar {
    /// `,` and the full-width and ideographic commas a Chinese input method types.
    var isComma: Bool { self == "," || self == "\u{FF0C}" || self == "\u{3001}" }

    /// The ASCII counterpart of a full-width form (U+FF01–U+FF5E), else itself.
    var halfWidth: Unicode.Scalar {
        (0xFF01...0xFF5E).contains(value) ? Unicode.Scalar(value - 0xFEE0)! : self
    }
}
