import LineLanguage

/// Turns one schedule file into its syntax: statements at column 1, their
/// properties indented below, comments and blank lines kept for `fmt`.
/// An error ends only its own line; the next line is read as usual, so one
/// run reports every mistake. Includes are not followed here (the loader does).
public struct ScheduleParser {
    enum StatementKind: String, CaseIterable {
        case campaign, include, region, message

        var keys: [String] {
            switch self {
            case .campaign: return ["starts", "lasts", "ends", "timezone", "quiet", "signature", "sms-gateway", "set",
                                      "country", "optout", "malformed-numbers", "cap"]
            case .include: return []
            case .region: return ["sms", "webhook", "set", "people"]
            case .message: return ["at", "every", "from", "until", "except", "to", "via", "text", "sms", "webhook"]
            }
        }
    }

    let source: SourceFile
    var bag = DiagnosticBag()
    private var statements: [Statement] = []
    private var current: Statement?
    /// The kind of the statement whose properties are being read, even when
    /// its head was wrong: its properties are still checked, then dropped.
    private var currentKind: StatementKind?
    private var pending: [Trivia] = []
    private var index = 0
    private var reportedStrayIndent = false

    init(source: SourceFile) {
        self.source = source
    }

    /// The syntax of one file and the mistakes found in it.
    public static func parse(_ source: SourceFile) -> (ScheduleSyntax, [Diagnostic]) {
        var parser = ScheduleParser(source: source)
        let syntax = parser.run()
        return (syntax, parser.bag.all)
    }

    var fileName: String { source.name }

    private mutating func run() -> ScheduleSyntax {
        let lines = source.lines
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isBlank {
                if (!statements.isEmpty || current != nil || !pending.isEmpty) && pending.last != .blankLine {
                    pending.append(.blankLine)
                }
                continue
            }
            if line.isComment {
                pending.append(.comment(Self.trimmed(line.text(fromColumn: line.indentation + 1))))
                continue
            }
            var scanner = LineScanner(line: line, file: fileName)
            if line.indentation == 0 {
                startStatement(&scanner)
            } else {
                readProperty(&scanner)
            }
            bag.append(contentsOf: scanner.diagnostics)
        }
        closeStatement()
        if pending.last == .blankLine { pending.removeLast() }
        return ScheduleSyntax(file: fileName, statements: statements, trailingTrivia: pending)
    }

    private mutating func closeStatement() {
        if let current { statements.append(current) }
        current = nil
        currentKind = nil
    }

    private mutating func startStatement(_ scanner: inout LineScanner) {
        closeStatement()
        guard let keyword = scanner.next() else { return }
        guard keyword.kind == .word, let kind = StatementKind(rawValue: keyword.text) else {
            bag.error("unknown statement '\(keyword.text)'", at: keyword.location,
                      hint: Suggestion.didYouMean(keyword.text, among: StatementKind.allCases.map(\.rawValue))
                        ?? "a statement is 'campaign', 'include', 'region' or 'message'; properties are indented")
            // Its properties would only repeat the mistake.
            reportedStrayIndent = true
            return
        }
        currentKind = kind
        reportedStrayIndent = false
        guard let head = readHead(kind, &scanner) else { return }
        let leading = pending
        pending = []
        current = Statement(head: head, location: keyword.location, leadingTrivia: leading,
                            comment: scanner.comment?.text)
    }

    private mutating func readHead(_ kind: StatementKind, _ scanner: inout LineScanner) -> Statement.Head? {
        switch kind {
        case .campaign:
            guard let name = readName(&scanner, of: "campaign") else { return nil }
            return .campaign(name: name, title: scanner.rest(literal: false)?.text)
        case .include:
            guard let path = expectWord(&scanner, "a file name after 'include'", hint: "e.g. 'include jiangxi.regions'")
            else { return nil }
            guard expectEnd(&scanner) else { return nil }
            return .include(path: Located(path.text, at: path.location))
        case .region:
            guard let token = expectWord(&scanner, "a region path after 'region'", hint: "e.g. 'region jiangxi/nanchang 南昌市'"),
                  let path = regionPath(token) else { return nil }
            return .region(path: Located(path, at: token.location), displayName: scanner.rest(literal: false)?.text)
        case .message:
            guard let name = readName(&scanner, of: "message") else { return nil }
            guard expectEnd(&scanner) else { return nil }
            return .message(name: name)
        }
    }

    private mutating func readProperty(_ scanner: inout LineScanner) {
        guard let kind = currentKind else {
            if !reportedStrayIndent {
                reportedStrayIndent = true
                bag.error("indented line outside any statement", at: scanner.location(atOffset: scanner.line.indentation),
                          hint: "properties go under 'campaign', 'region' or 'message'; statements start in column 1")
            }
            return
        }
        guard let keyToken = scanner.next() else { return }
        // Repeats are the builder's to report: the syntax keeps both lines for `fmt`.
        var reader = Self.readers[kind]!
        guard reader.key(keyToken, diagnostics: &bag) != nil else { return }
        let key = keyToken.text
        let keyIndent = scanner.line.indentation
        guard let value = readValue(kind: kind, key: key, keyIndent: keyIndent, &scanner) else {
            current?.unreadKeys.insert(key)
            return
        }
        let property = Property(key: key, value: value, location: keyToken.location, leadingTrivia: pending,
                                comment: scanner.comment?.text)
        pending = []
        current?.properties.append(property)
    }

    /// One property reader per kind of statement, with the schedule's wording.
    private static let readers: [StatementKind: PropertyReader] = Dictionary(uniqueKeysWithValues: StatementKind.allCases.map { kind in
        (kind, PropertyReader(keys: kind.keys.map { PropertyKey($0) }, wording: PropertyReader.Wording(unknownKey: { token, didYouMean in
            let owner = StatementKind.allCases.first { $0 != kind && $0.keys.contains(token.text) }
            let hint = owner.map { "'\(token.text)' is a property of '\($0.rawValue)', not of '\(kind.rawValue)'" }
                ?? didYouMean
                ?? (kind.keys.isEmpty ? "'\(kind.rawValue)' takes no properties"
                    : "a \(kind.rawValue) has: " + kind.keys.joined(separator: ", "))
            return ("unknown property '\(token.text)' in a \(kind.rawValue)", hint)
        })))
    })

    /// The lines after index-1 indented deeper than `keyIndent`, without trailing blank lines;
    /// moves past them.
    mutating func takeBlock(deeperThan keyIndent: Int) -> [SourceLine] {
        let block = source.block(from: index, deeperThan: keyIndent, commentsInside: false)
        index = block.upperBound
        return Array(source.lines[block])
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.isBlank { scalars.removeLast() }
        return String(scalars)
    }
}
