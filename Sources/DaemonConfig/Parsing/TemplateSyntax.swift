import Foundation
import LineLanguage
import TextFormat

/// The request templates of generic gateways: `{to}`, `{text}`, `{id}` and `{from}`
/// are filled in by the dialect for each message.
enum TemplateSyntax {
    static let placeholders = ["to", "text", "id", "from"]

    /// Every `{name}` whose name is a plain lower-case word and not a known placeholder,
    /// with its scalar offset. JSON's own braces are never followed by such a word and
    /// a `}`, so they pass.
    static func unknownPlaceholders(in text: String) -> [(name: String, offset: Int)] {
        let scalars = Array(text.unicodeScalars)
        var found: [(name: String, offset: Int)] = []
        for (index, scalar) in scalars.enumerated() where scalar == "{" {
            var end = index + 1
            while end < scalars.count, ("a"..."z").contains(scalars[end]) || scalars[end] == "_" || scalars[end] == "." {
                end += 1
            }
            guard end > index + 1, end < scalars.count, scalars[end] == "}" else { continue }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(index + 1)..<end])
            if !placeholders.contains(String(name)) { found.append((String(name), index)) }
        }
        return found
    }

    static func check(_ token: Token) -> [Diagnostic] {
        let opening = token.kind == .quoted ? 1 : 0
        return unknownPlaceholders(in: token.text).map { name, offset in
            .error("unknown placeholder '{\(name)}'", at: token.location.advanced(by: opening + offset),
                   hint: Suggestion.didYouMean(name, among: placeholders) ?? "use {to}, {text}, {id} or {from}")
        }
    }

    /// `text` as the inside of a JSON string, so a secret with a quote in it cannot break the body.
    static func jsonEscaped(_ text: String) -> String { JSONString.escaped(text) }

    /// A JSON body must be an object of string values, read by the same reader the
    /// daemon's destination factory uses; placeholders belong inside the strings.
    static func checkJSON(_ token: Token) -> [Diagnostic] {
        let unknown = check(token)
        if !unknown.isEmpty { return unknown }
        do {
            _ = try FlatJSONObject.parse(token.text)
        } catch {
            return [.error("the json body \(error.description)", at: token.location,
                           hint: #"http-json sends an object whose values are strings, e.g. json {"to":"{to}","text":"{text}","priority":"1"}"#)]
        }
        return []
    }
}
