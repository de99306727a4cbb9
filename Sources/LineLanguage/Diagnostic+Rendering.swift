import TextFormat

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
}
