import LineLanguage

extension ConfigParser {
    /// `reload on-change` or `reload signal`.
    mutating func reloadMode(_ property: PropertyLine) -> ReloadMode? {
        guard let token = single(property, example: ReloadMode.onChange.rawValue) else { return nil }
        if let mode = ReloadMode(rawValue: token.text) { return mode }
        let words = ReloadMode.allCases.map(\.rawValue)
        diagnostics.error("unknown reload mode \(token)", at: token.location,
                          hint: Suggestion.didYouMean(token.text, among: words)
                              ?? "write 'reload on-change' (a saved file reloads once quiet) or 'reload signal' (only SIGHUP)")
        return nil
    }
}
