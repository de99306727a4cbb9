import LineLanguage

/// Message texts: literal to the end of the line, or a block of the lines
/// indented deeper than the key, `#` included either way.
extension ScheduleParser {
    mutating func readText(key: String, keyIndent: Int, _ scanner: inout LineScanner) -> TextSyntax? {
        let inline = scanner.rest(literal: true)
        let block = takeBlock(deeperThan: keyIndent)
        if let inline {
            guard block.isEmpty else {
                let first = block.first { !$0.isBlank } ?? block[0]
                bag.error("'\(key)' has a text on its line and a block below it", at: location(first, offset: first.indentation),
                          hint: "keep one: the block, or the line (and indent the next line like '\(key)')")
                return nil
            }
            return TextTemplateParser.parse([(inline.text, inline.location)], isBlock: false, into: &bag)
        }
        guard !block.isEmpty else {
            bag.error("expected a text after '\(key)'", at: scanner.endLocation,
                      hint: "write it on the same line, or in a block indented deeper than '\(key)'")
            return nil
        }
        let margin = block.filter { !$0.isBlank }.map(\.indentation).min() ?? 0
        let lines = block.map { line in
            (line.isBlank ? "" : Self.trimmed(line.text(fromColumn: margin + 1)), location(line, offset: margin))
        }
        return TextTemplateParser.parse(lines, isBlock: true, into: &bag)
    }

    private func location(_ line: SourceLine, offset: Int) -> SourceLocation {
        SourceLocation(file: fileName, line: line.number, column: offset + 1)
    }
}

/// `{name}` references in a text, each with its column; `{{` and `}}` are literal braces.
enum TextTemplateParser {
    static func parse(_ lines: [(text: String, location: SourceLocation)], isBlock: Bool,
                      into bag: inout DiagnosticBag) -> TextSyntax? {
        var parts: [TextTemplate.Part] = []
        var literal: [Unicode.Scalar] = []
        var variables: [Located<String>] = []
        var failed = false
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { literal.append("\n") }
            let scalars = Array(line.text.unicodeScalars)
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                var location = line.location
                location.column += index
                if scalar == "{" && index + 1 < scalars.count && scalars[index + 1] == "{" {
                    literal.append("{")
                    index += 2
                } else if scalar == "}" && index + 1 < scalars.count && scalars[index + 1] == "}" {
                    literal.append("}")
                    index += 2
                } else if scalar == "}" {
                    bag.error("a lone '}' in the text", at: location, hint: "write '}}' for a literal brace")
                    failed = true
                    index += 1
                } else if scalar == "{" {
                    guard let close = scalars[(index + 1)...].firstIndex(of: "}") else {
                        bag.error("'{' is not closed", at: location, hint: "write '{{' for a literal brace, or close the variable with '}'")
                        failed = true
                        break
                    }
                    let text = String(scalars: scalars[(index + 1)..<close])
                    if isVariableName(text) {
                        if !literal.isEmpty { parts.append(.literal(String(scalars: literal))) }
                        literal = []
                        parts.append(.variable(text))
                        variables.append(Located(text, at: location))
                    } else {
                        bag.error("'{\(text)}' is not a variable", at: location,
                                  hint: "a variable is a name like {hotline}; write '{{' for a literal brace")
                        failed = true
                    }
                    index = close + 1
                } else {
                    literal.append(scalar)
                    index += 1
                }
            }
        }
        if !literal.isEmpty { parts.append(.literal(String(scalars: literal))) }
        guard !failed, let first = lines.first else { return nil }
        let source = lines.map(\.text).joined(separator: "\n")
        return TextSyntax(template: TextTemplate(parts: parts, source: source, location: first.location),
                          isBlock: isBlock, variables: variables)
    }

    /// `hotline`, `region.path`: names joined by dots.
    static func isVariableName(_ text: String) -> Bool {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        return pieces.allSatisfy { ScheduleParser.isName(String($0)) }
    }
}
