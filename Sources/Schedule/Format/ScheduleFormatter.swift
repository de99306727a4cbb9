import LineLanguage
import TextFormat

/// Prints a schedule file in its canonical form: statements in column 1,
/// properties indented four spaces with their values in one column, trailing
/// comments in one column per statement, normalised spellings (`mon` →
/// `monday`, `09:00`, lists with ", "), text blocks indented four spaces
/// under their key. Comments and single blank lines are kept. Printing is
/// a function of the syntax alone, so `fmt` of `fmt` output is unchanged.
public enum ScheduleFormatter {
    static let indent = "    "

    /// Parses one file (includes are not followed) and prints it; nil with the
    /// diagnostics when the file has syntax errors, because a broken line
    /// cannot be printed faithfully.
    public static func format(text: String, name: String) -> (String?, [Diagnostic]) {
        let (source, decodeProblems) = SourceFile.decode(name: name, bytes: Array(text.utf8))
        let (syntax, problems) = ScheduleParser.parse(source)
        let diagnostics = decodeProblems + problems
        guard !diagnostics.contains(where: { $0.severity == .error }), !source.isBinary else { return (nil, diagnostics) }
        return (format(syntax), diagnostics)
    }

    public static func format(_ syntax: ScheduleSyntax) -> String {
        let regionPathWidth = syntax.statements.compactMap { statement -> Int? in
            if case .region(let path, _) = statement.head { return path.value.description.displayWidth }
            return nil
        }.max() ?? 0
        var output: [String] = []
        for (index, statement) in syntax.statements.enumerated() {
            var trivia = statement.leadingTrivia
            let followsRegion = index > 0 && syntax.statements[index - 1].keyword == "region"
            // Statements stand apart by a blank line, except a run of regions, which reads as a tree.
            if index > 0, !(followsRegion && statement.keyword == "region"), trivia.first != .blankLine {
                trivia.insert(.blankLine, at: 0)
            }
            output += trivia.map { line($0, indent: "") }
            output += lines(of: statement, regionPathWidth: regionPathWidth)
        }
        output += syntax.trailingTrivia.map { line($0, indent: "") }
        return output.joined(separator: "\n") + "\n"
    }

    private static func line(_ trivia: Trivia, indent: String) -> String {
        switch trivia {
        case .blankLine: return ""
        case .comment(let text): return indent + text
        }
    }

    /// One output line: its text, its trailing comment, and whether it may take one.
    private struct Row {
        var text: String
        var comment: String?
    }

    private static func lines(of statement: Statement, regionPathWidth: Int) -> [String] {
        var rows = [Row(text: head(statement.head, regionPathWidth: regionPathWidth), comment: statement.comment)]
        var fixed: [Int: [String]] = [:]
        let keyWidth = (statement.properties.map(\.key.count).max() ?? 0) + 1
        for property in statement.properties {
            for trivia in property.leadingTrivia {
                fixed[rows.count, default: []].append(line(trivia, indent: indent))
            }
            let key = indent + property.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            if case .text(let text) = property.value, text.isBlock {
                rows.append(Row(text: indent + property.key))
                let block = text.template.source.split(separator: "\n", omittingEmptySubsequences: false)
                fixed[rows.count, default: []] += block.map { $0.isEmpty ? "" : indent + indent + $0 }
            } else {
                rows.append(Row(text: key + value(property.value), comment: property.comment))
            }
        }
        let commentColumn = (rows.filter { $0.comment != nil }.map(\.text.displayWidth).max() ?? 0) + 2
        var output: [String] = []
        for (index, row) in rows.enumerated() {
            output += fixed[index] ?? []
            if let comment = row.comment {
                output.append(row.text + String(repeating: " ", count: commentColumn - row.text.displayWidth) + comment)
            } else {
                output.append(row.text)
            }
        }
        output += fixed[rows.count] ?? []
        return output
    }

    private static func head(_ head: Statement.Head, regionPathWidth: Int) -> String {
        switch head {
        case .campaign(let name, let title):
            return "campaign \(name.value)" + (title.map { " " + $0 } ?? "")
        case .include(let path):
            return "include \(word(path.value))"
        case .region(let path, let displayName):
            let text = "region \(path.value)"
            guard let displayName else { return text }
            return text + String(repeating: " ", count: regionPathWidth - path.value.description.displayWidth + 2) + displayName
        case .message(let name):
            return "message \(name.value)"
        }
    }
}
