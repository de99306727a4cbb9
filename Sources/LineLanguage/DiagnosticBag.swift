/// Collects the diagnostics of one run so a parser can go on after an error.
/// A flood (a binary file read as text) is cut at `limit`, with one last
/// diagnostic saying how many were left out, so output stays readable.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public let limit: Int
    private var dropped = 0

    public init(limit: Int = 200) {
        self.limit = limit
    }

    public var hasErrors: Bool { errorCount > 0 }

    public mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        append(Diagnostic(.error, at: location, message, hint: hint))
    }

    public mutating func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
        append(Diagnostic(.warning, at: location, message, hint: hint))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        switch diagnostic.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        }
        if diagnostics.count < limit {
            diagnostics.append(diagnostic)
        } else {
            dropped += 1
        }
    }

    public mutating func append(contentsOf list: some Sequence<Diagnostic>) {
        for diagnostic in list { append(diagnostic) }
    }

    /// The kept diagnostics, plus a note on how many were dropped, if any.
    public var all: [Diagnostic] { withDroppedNote(diagnostics) }

    /// As a reader meets them: file by file in the given order (files not
    /// listed last), then by line and column; equal places keep their order.
    public func all(inFileOrder files: [String]) -> [Diagnostic] {
        let rank = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = diagnostics.enumerated().sorted { left, right in
            let l = left.element.location
            let r = right.element.location
            return (rank[l.file] ?? Int.max, l.line, l.column, left.offset)
                < (rank[r.file] ?? Int.max, r.line, r.column, right.offset)
        }
        return withDroppedNote(sorted.map(\.element))
    }

    private func withDroppedNote(_ list: [Diagnostic]) -> [Diagnostic] {
        guard dropped > 0, let last = list.last else { return list }
        return list + [Diagnostic(.error, at: last.location, "\(dropped) more diagnostics not shown",
                                  hint: "fix the ones above first")]
    }
}
