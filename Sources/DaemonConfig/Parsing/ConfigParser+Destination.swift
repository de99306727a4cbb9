import LineLanguage

/// The keys gateways and endpoints share.
extension ConfigParser {
    static let destinationKeys: [PropertyKey] = ["kind", "url", "rate", "concurrency", "timeout", "retry", "ca-file"]
        .map { PropertyKey($0) }

    /// Sets a shared setting from `property`; false when the key is not a shared one.
    /// `kind` and `url` are read before, since the rest depends on them.
    mutating func applyShared<D: DestinationConfiguration>(_ property: PropertyLine, to destination: inout D) -> Bool {
        switch property.keyName {
        case "kind", "url":
            break
        case "rate":
            destination.rate = value(RateSyntax.parse(property.arguments, end: property.end))
        case "concurrency":
            destination.concurrency = number(property, in: 1...1024, example: "16")
        case "timeout":
            destination.timeout = duration(property, allowingZero: false)
        case "retry":
            destination.retry = value(RetrySyntax.parse(property.arguments, end: property.end))
        case "ca-file":
            destination.caFile = path(property)
            if let path = destination.caFile, let token = property.arguments.first,
               let problem = CAFileSyntax.check(path, at: token) {
                diagnostics.append(problem)
            }
        default:
            return false
        }
        return true
    }

    /// The kind and URL every block needs, each reported at the block's name when missing.
    mutating func kindAndURL<Kind: RawRepresentable & CaseIterable>(
        _ properties: [PropertyLine], block: String, name: Token?, header: Token
    ) -> (Kind?, SecretText?) where Kind.RawValue == String {
        let place = name?.location ?? header.location
        let label = "\(block) '\(name?.text ?? "")'"
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        var kind: Kind?
        if let property = properties.first(where: { $0.keyName == "kind" }) {
            kind = self.kind(property, of: block)
        } else {
            diagnostics.error("\(label) has no kind", at: place, hint: "add an indented line 'kind KIND' (\(kinds))")
        }
        var url: SecretText?
        if let property = properties.first(where: { $0.keyName == "url" }) {
            url = self.url(property)
        } else {
            diagnostics.error("\(label) has no url", at: place, hint: "add an indented line 'url https://…'")
        }
        return (kind, url)
    }

    /// Refuses a key meant for other kinds: `json` on a kannel gateway.
    mutating func applies<Kind: RawRepresentable>(_ property: PropertyLine, to kind: Kind?, allowed: [String: [Kind]],
                                                  block: String) -> Bool where Kind.RawValue == String {
        guard let kind, let kinds = allowed[property.keyName], !kinds.contains(where: { $0.rawValue == kind.rawValue }) else {
            return true
        }
        diagnostics.error("'\(property.keyName)' does not apply to \(kind.rawValue) \(block)s", at: property.key.location,
                          hint: "'\(property.keyName)' is for \(kinds.map(\.rawValue).joined(separator: " and ")) \(block)s")
        return false
    }
}
