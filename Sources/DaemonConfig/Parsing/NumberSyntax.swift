import LineLanguage

extension SourceLocation {
    /// The same line, `scalars` columns further right: a place inside a token.
    func advanced(by scalars: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + scalars)
    }
}

extension Diagnostic {
    static func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }
}

/// A value's mistake, as the error of a `Result`.
struct ValueProblem: Error, Sendable {
    var diagnostic: Diagnostic

    static func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> ValueProblem {
        ValueProblem(diagnostic: .error(message, at: location, hint: hint))
    }
}

enum NumberSyntax {
    /// A whole number in `range`, written in plain digits; `what` names it in messages.
    static func parse(_ text: String, at location: SourceLocation, _ what: String,
                      in range: ClosedRange<Int>) -> Result<Int, ValueProblem> {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            return .failure(.error("expected a whole number for \(what), found '\(text)'", at: location,
                                   hint: "e.g. \(max(range.lowerBound, 1) * 10)"))
        }
        guard range.contains(number) else {
            return .failure(.error("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(number)",
                                   at: location))
        }
        return .success(number)
    }

    static func parse(_ token: Token, _ what: String, in range: ClosedRange<Int>) -> Result<Int, ValueProblem> {
        parse(token.text, at: token.location, what, in: range)
    }
}
