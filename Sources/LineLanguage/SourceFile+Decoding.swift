extension SourceFile {
    /// Reads bytes as UTF-8. Invalid sequences become U+FFFD and are reported
    /// (the first one of each line) as errors at the scalar they turned into;
    /// control characters other than tab, CR and LF are reported once, because
    /// a file full of them is not a text file at all.
    public static func decode(name: String, bytes: [UInt8]) -> (SourceFile, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var line = 1
        var column = 1
        var lastInvalidLine = 0
        var reportedControl = false
        var isBinary = false
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch decoder.decode(&iterator) {
            case .scalarValue(let value):
                scalar = value
            case .emptyInput:
                break decoding
            case .error:
                scalar = "\u{FFFD}"
                if lastInvalidLine != line {
                    lastInvalidLine = line
                    diagnostics.append(Diagnostic(.error, at: SourceLocation(file: name, line: line, column: column),
                                                  "invalid UTF-8 byte sequence",
                                                  hint: "save the file as UTF-8"))
                }
            }
            if scalar == "\u{0}" { isBinary = true }
            if scalar.isDisallowedControl && !reportedControl {
                reportedControl = true
                diagnostics.append(Diagnostic(.error, at: SourceLocation(file: name, line: line, column: column),
                                              "control character U+\(hexDigits(scalar.value)) in a text file",
                                              hint: isBinary ? "this looks like a binary file" : nil))
            }
            scalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        if isBinary, let first = diagnostics.first {
            // Garbage would report a bad sequence on nearly every line; one error says it all.
            diagnostics = [Diagnostic(.error, at: first.location, "this is a binary file, not text",
                                      hint: "check the file name")]
        }
        return (SourceFile(name: name, lines: split(scalars), isBinary: isBinary), diagnostics)
    }

    private static func hexDigits(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Unicode.Scalar {
    fileprivate var isDisallowedControl: Bool {
        (value < 0x20 && self != "\t" && self != "\n" && self != "\r") || value == 0x7F
    }
}
