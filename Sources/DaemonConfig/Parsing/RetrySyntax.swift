import LineLanguage

/// `10 attempts within 24h`, `5 attempts`, `within 2h`, or `off` (one attempt only).
enum RetrySyntax {
    static let example = "expected e.g. '10 attempts within 24h', '5 attempts', 'within 2h' or 'off'"

    static func parse(_ arguments: [Token], end: SourceLocation) -> Result<RetrySetting, ValueProblem> {
        guard let first = arguments.first else {
            return .failure(.error("'retry' needs a value", at: end, hint: example))
        }
        if first.text == "off" {
            if let extra = arguments.dropFirst().first {
                return .failure(.error("unexpected \(extra) after 'off'", at: extra.location))
            }
            return .success(RetrySetting(attempts: 1))
        }
        var policy = RetrySetting()
        var rest = arguments[...]
        if first.text != "within" {
            switch NumberSyntax.parse(first, "attempts", in: 1...1000) {
            case .success(let attempts): policy.attempts = attempts
            case .failure(var problem):
                problem.diagnostic.hint = example
                return .failure(problem)
            }
            guard let unit = rest.dropFirst().first, unit.text == "attempts" || unit.text == "attempt" else {
                let location = rest.dropFirst().first?.location ?? first.endLocation
                return .failure(.error("expected 'attempts' after \(first.text)", at: location, hint: example))
            }
            rest = rest.dropFirst(2)
        }
        guard let within = rest.first else { return .success(policy) }
        guard within.text == "within" else {
            return .failure(.error("unexpected \(within)", at: within.location, hint: example))
        }
        guard let durationToken = rest.dropFirst().first else {
            return .failure(.error("expected a duration after 'within'", at: within.endLocation, hint: "e.g. within 24h"))
        }
        switch DurationSyntax.parse(durationToken) {
        case .success(let duration) where duration > .zero: policy.within = duration
        case .success: return .failure(.error("'within' must be longer than 0", at: durationToken.location))
        case .failure(let problem): return .failure(problem)
        }
        if let extra = rest.dropFirst(2).first {
            return .failure(.error("unexpected \(extra) after the duration", at: extra.location))
        }
        return .success(policy)
    }
}
