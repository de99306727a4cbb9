extension SourceFile {
    /// The lines from index `start` that belong to the block above them: those
    /// indented deeper than `indentation`, the blank lines between them and, when
    /// `commentsInside`, comment lines at any indentation (a comment in the first
    /// column does not end a config block; only a statement does). Trailing blank
    /// lines are not part of it. The schedule reads a statement's multi-line text
    /// with it, the config a gateway's or endpoint's properties.
    public func block(from start: Int, deeperThan indentation: Int, commentsInside: Bool) -> Range<Int> {
        var end = start
        var afterLastLine = start
        while end < lines.count {
            let line = lines[end]
            if !line.isBlank {
                guard line.indentation > indentation || (commentsInside && line.isComment) else { break }
                afterLastLine = end + 1
            }
            end += 1
        }
        return start..<afterLastLine
    }
}
