/// One line of a source file, without its line break, as Unicode scalars so
/// that columns are scalar offsets (a Chinese character is one column).
public struct SourceLine: Hashable, Sendable {
    /// 1-based.
    public var number: Int
    public var scalars: [Unicode.Scalar]

    public init(number: Int, scalars: [Unicode.Scalar]) {
        self.number = number
        self.scalars = scalars
    }

    public var text: String { String(scalars: scalars) }

    /// How many blank scalars (spaces or tabs) open the line; a tab counts as one.
    public var indentation: Int {
        scalars.firstIndex { !$0.isBlank } ?? scalars.count
    }

    public var isBlank: Bool { indentation == scalars.count }

    /// A line whose first non-blank character is `#`.
    public var isComment: Bool {
        let first = indentation
        return first < scalars.count && scalars[first] == "#"
    }

    /// The text from a 1-based column to the end of the line.
    public func text(fromColumn column: Int) -> String {
        String(scalars: scalars[min(max(column - 1, 0), scalars.count)...])
    }
}

/// A named text split into lines. `name` is what diagnostics print before `:line:column`.
public struct SourceFile: Hashable, Sendable {
    public var name: String
    public var lines: [SourceLine]
    /// True when the bytes held a NUL: the file is not text, and parsing it
    /// would only produce noise.
    public var isBinary: Bool

    public init(name: String, text: String) {
        self.name = name
        self.isBinary = text.unicodeScalars.contains("\u{0}")
        self.lines = SourceFile.split(Array(text.unicodeScalars))
    }

    init(name: String, lines: [SourceLine], isBinary: Bool) {
        self.name = name
        self.lines = lines
        self.isBinary = isBinary
    }

    /// The whole text, lines joined with `\n`.
    public var text: String { lines.map(\.text).joined(separator: "\n") }

    public var isEmpty: Bool { lines.allSatisfy(\.isBlank) }

    /// The line with a 1-based number, if the file has it.
    public func line(_ number: Int) -> SourceLine? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: name, line: line, column: column)
    }

    /// Splits at `\n`, dropping a `\r` before it so CRLF files read like LF ones.
    static func split(_ scalars: [Unicode.Scalar]) -> [SourceLine] {
        var lines: [SourceLine] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(SourceLine(number: lines.count + 1, scalars: current))
                current = []
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty || lines.isEmpty {
            if current.last == "\r" { current.removeLast() }
            lines.append(SourceLine(number: lines.count + 1, scalars: current))
        }
        return lines
    }
}

extension Unicode.Scalar {
    /// What separates words and indents lines: a space, a tab, and the
    /// ideographic and no-break spaces a Chinese input method types.
    public var isBlank: Bool { self == " " || self == "\t" || self == "\u{3000}" || self == "\u{A0}" }
}

extension String {
    /// Builds a string from scalars through UTF-8, which is several times
    /// faster than appending to a `UnicodeScalarView` one scalar at a time.
    public init(scalars: some Collection<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
