extension Diagnostic {
    /// At most this many scalars of a long source line are shown around the column.
    static let shownWidth = 160

    /// ```
    /// campaign.schedule:12:5: error: unknown region 'jiangxi/nanchan'
    ///     to      jiangxi/nanchan
    ///             ^
    /// hint: did you mean 'jiangxi/nanchang'?
    /// ```
    /// The caret line copies tabs and doubles wide (CJK) characters so the
    /// caret sits under the column in a terminal. Without the line (unknown
    /// file, line past the end) only the first and last lines are printed.
    public func rendered(line: SourceLine?) -> String {
        var output = "\(location): \(severity.rawValue): \(Diagnostic.shortened(message))"
        if let line {
            let (shown, caretOffset) = Diagnostic.window(of: line.scalars, around: location.column - 1)
            var text = String.UnicodeScalarView()
            text.append(contentsOf: shown.map(\.printable))
            var caret = String.UnicodeScalarView()
            for scalar in shown.prefix(caretOffset) {
                if scalar == "\t" {
                    caret.append("\t")
                } else {
                    caret.append(contentsOf: String(repeating: " ", count: scalar.displayWidth).unicodeScalars)
                }
            }
            output += "\n" + String(text) + "\n" + String(caret) + "^"
        }
        if let hint { output += "\nhint: \(Diagnostic.shortened(hint))" }
        return output
    }

    /// A message quoting a 10 MB word would bury the terminal: keep its ends.
    static func shortened(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > shownWidth * 2 else { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(shownWidth))
        view.append("…")
        view.append(contentsOf: scalars.suffix(shownWidth / 2))
        return String(view)
    }

    public func rendered(in file: SourceFile?) -> String {
        rendered(line: file?.line(location.line))
    }

    /// A slice of a long line that keeps the column in view, with `…` where it was cut.
    static func window(of scalars: [Unicode.Scalar], around offset: Int) -> ([Unicode.Scalar], Int) {
        let clamped = min(max(offset, 0), scalars.count)
        guard scalars.count > shownWidth else { return (scalars, clamped) }
        let start = max(0, min(clamped - shownWidth / 2, scalars.count - shownWidth))
        let end = min(scalars.count, start + shownWidth)
        var shown = Array(scalars[start..<end])
        var caret = clamped - start
        if start > 0 {
            shown.insert("…", at: 0)
            caret += 1
        }
        if end < scalars.count { shown.append("…") }
        return (shown, caret)
    }
}

extension Sequence<Diagnostic> {
    /// Every diagnostic rendered, in order, separated by blank lines; files are
    /// looked up by the name in each location.
    public func rendered(sources: [String: SourceFile]) -> String {
        map { $0.rendered(in: sources[$0.location.file]) }.joined(separator: "\n\n")
    }
}

extension Unicode.Scalar {
    /// Control characters would garble a terminal; show them as U+FFFD.
    fileprivate var printable: Unicode.Scalar {
        (value < 0x20 && self != "\t") || value == 0x7F ? "\u{FFFD}" : self
    }

    /// Two columns for East Asian wide and fullwidth characters, one otherwise.
    var displayWidth: Int {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    /// Terminal columns: wide characters count two. Used to align columns of text.
    public var displayWidth: Int {
        unicodeScalars.reduce(0) { $0 + $1.displayWidth }
    }
}
