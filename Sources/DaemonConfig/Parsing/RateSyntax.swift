import LineLanguage

/// `100/s burst 20`, `20/min`, `500/h`.
enum RateSyntax {
    static let example = "expected a rate like 100/s, 20/min or 100/s burst 20"
    static let maximum = 1_000_000

    /// `arguments` are the tokens after `rate`; `end` is where a missing one would go.
    static func parse(_ arguments: [Token], end: SourceLocation) -> Result<RateSetting, ValueProblem> {
        guard let first = arguments.first else {
            return .failure(.error("'rate' needs a value", at: end, hint: example))
        }
        let parts = first.text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(.error("'\(first.text)' is not a rate", at: first.location, hint: example))
        }
        let count: Int
        switch NumberSyntax.parse(String(parts[0]), at: first.location, "a rate", in: 1...maximum) {
        case .success(let value): count = value
        case .failure(var problem):
            problem.diagnostic.hint = example
            return .failure(problem)
        }
        guard let period = RateSetting.Period(rawValue: String(parts[1])) else {
            return .failure(.error("unknown rate period '\(parts[1])'",
                                   at: first.location.advanced(by: parts[0].unicodeScalars.count + 1),
                                   hint: "use /s, /min or /h"))
        }
        var rate = RateSetting(count: count, per: period)
        let rest = arguments.dropFirst()
        guard let keyword = rest.first else { return .success(rate) }
        guard keyword.text == "burst" else {
            return .failure(.error("unexpected \(keyword) after the rate", at: keyword.location,
                                   hint: "only 'burst N' may follow, e.g. 100/s burst 20"))
        }
        guard let burstToken = rest.dropFirst().first else {
            return .failure(.error("expected a number after 'burst'", at: keyword.endLocation, hint: "e.g. burst 20"))
        }
        switch NumberSyntax.parse(burstToken, "burst", in: 0...maximum) {
        case .success(let burst): rate.burst = burst
        case .failure(let problem): return .failure(problem)
        }
        if let extra = rest.dropFirst(2).first {
            return .failure(.error("unexpected \(extra) after the burst", at: extra.location))
        }
        return .success(rate)
    }
}
