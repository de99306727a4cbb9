import LineLanguage

/// `route NAME` blocks: one line per set of numbers (`carrier`, `prefix`, `other`),
/// each naming its gateways in tiers, and `not-mine` answers. Gateway names are
/// checked once the whole file is read (`checkRoutes`), so a route may come
/// before the gateways it names.
extension ConfigParser {
    static let routeKeys: [PropertyKey] = [
        PropertyKey("carrier", repeatable: true), PropertyKey("prefix", repeatable: true), PropertyKey("other"),
        PropertyKey("not-mine", repeatable: true),
    ]

    mutating func parseRoute(_ scanner: inout LineScanner, keyword: Token, _ properties: [PropertyLine]) -> RouteConfiguration? {
        let name = blockName(&scanner, keyword: keyword)
        var route = RouteConfiguration(name: name?.text ?? "", rules: [], location: keyword.location)
        var matched: [RouteConfiguration.Match: Int] = [:]
        for property in properties {
            if property.keyName == "not-mine" {
                refusal(property).map { route.refusals.append($0) }
                continue
            }
            guard let (match, rest) = routeMatch(property) else { continue }
            if let first = matched[match] {
                diagnostics.error("these numbers are already routed on line \(first)", at: property.key.location,
                                  hint: "keep one line for them, its gateways in order: cm-gw then agg-gw")
                continue
            }
            matched[match] = property.key.location.line
            if let tiers = tiers(rest, end: property.end) {
                route.rules.append(RouteConfiguration.Rule(match: match, tiers: tiers, location: property.key.location))
            }
        }
        guard let name else { return nil }
        if route.rules.isEmpty && !properties.contains(where: { $0.keyName != "not-mine" }) {
            diagnostics.error("route '\(name.text)' routes no numbers", at: name.location,
                              hint: "add indented lines like 'carrier china-mobile cm-gw then agg-gw' and 'other agg-gw'")
        }
        return route
    }

    /// What numbers the line takes, and the tokens naming its gateways.
    private mutating func routeMatch(_ property: PropertyLine) -> (RouteConfiguration.Match, ArraySlice<Token>)? {
        if property.keyName == "other" { return (.other, property.arguments[...]) }
        guard let first = property.arguments.first, !first.isComma else {
            let example = property.keyName == "carrier" ? "china-mobile cm-gw" : "+86134 cm-gw"
            diagnostics.error("'\(property.keyName)' needs what it matches and a gateway", at: property.end,
                              hint: "e.g. \(property.keyName) \(example)")
            return nil
        }
        let rest = property.arguments.dropFirst()
        if property.keyName == "carrier" {
            guard let carrier = Carrier(rawValue: first.text) else {
                let names = Carrier.allCases.map(\.rawValue)
                diagnostics.error("unknown carrier '\(first.text)'", at: first.location,
                                  hint: Suggestion.didYouMean(first.text, among: names)
                                      ?? "expected one of: \(names.joined(separator: ", ")); or write 'prefix +86…'")
                return nil
            }
            return (.carrier(carrier), rest)
        }
        let digits = first.text.dropFirst()
        guard first.text.hasPrefix("+"), (1...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            diagnostics.error("'\(first.text)' is not a number prefix", at: first.location,
                              hint: "write E.164 digits after '+': a calling code (+852) or a block (+86134)")
            return nil
        }
        return (.prefix(String(digits)), rest)
    }

    /// `cm-a 70%, cm-b 30% then agg-gw`: tiers split by `then`, gateways by commas.
    private mutating func tiers(_ tokens: ArraySlice<Token>, end: SourceLocation) -> [[RouteConfiguration.Share]]? {
        var tiers: [[(gateway: Token, percent: Token?)]] = [[]]
        var expectGateway = true
        for token in tokens {
            if token.isComma || (token.kind == .word && token.text == "then") {
                if expectGateway {
                    diagnostics.error("a gateway name is missing before \(token)", at: token.location,
                                      hint: "e.g. cm-a 70%, cm-b 30% then agg-gw")
                    return nil
                }
                if !token.isComma { tiers.append([]) }
                expectGateway = true
            } else if token.text.hasSuffix("%"), !expectGateway, tiers[tiers.count - 1].last?.percent == nil {
                tiers[tiers.count - 1][tiers[tiers.count - 1].count - 1].percent = token
            } else if expectGateway {
                tiers[tiers.count - 1].append((token, nil))
                expectGateway = false
            } else {
                diagnostics.error("unexpected \(token) after a gateway", at: token.location,
                                  hint: "separate the gateways of a tier with commas, and tiers with 'then'")
                return nil
            }
        }
        if expectGateway {
            diagnostics.error("a gateway name is missing", at: tokens.last?.endLocation ?? end,
                              hint: "name the gateways in order, e.g. cm-gw then agg-gw")
            return nil
        }
        var seen: Set<String> = []
        var result: [[RouteConfiguration.Share]] = []
        for tier in tiers {
            for entry in tier where !seen.insert(entry.gateway.text).inserted {
                diagnostics.error("gateway '\(entry.gateway.text)' is named twice on this line", at: entry.gateway.location,
                                  hint: "name each gateway once; a later tier is tried after the earlier ones")
                return nil
            }
            guard let shares = shares(tier) else { return nil }
            result.append(shares)
        }
        return result
    }

    /// A tier's weights: percentages adding up to 100, or none (equal shares).
    private mutating func shares(_ tier: [(gateway: Token, percent: Token?)]) -> [RouteConfiguration.Share]? {
        let written = tier.compactMap(\.percent)
        if written.isEmpty {
            return tier.map { RouteConfiguration.Share(gateway: $0.gateway.text, weight: 1, location: $0.gateway.location) }
        }
        if let missing = tier.first(where: { $0.percent == nil }) {
            diagnostics.error("gateway '\(missing.gateway.text)' has no share", at: missing.gateway.endLocation,
                              hint: "give every gateway of a tier a share (cm-a 70%, cm-b 30%), or none for equal shares")
            return nil
        }
        var shares: [RouteConfiguration.Share] = []
        for entry in tier {
            guard let token = entry.percent, let percent = Int(token.text.dropLast()), (1...100).contains(percent) else {
                diagnostics.error("'\(entry.percent?.text ?? "")' is not a share", at: entry.percent?.location ?? entry.gateway.location,
                                  hint: "write a whole percentage from 1% to 100%, e.g. 70%")
                return nil
            }
            shares.append(RouteConfiguration.Share(gateway: entry.gateway.text, weight: percent, location: entry.gateway.location))
        }
        let total = shares.reduce(0) { $0 + $1.weight }
        if total != 100, let first = tier.first?.percent {
            diagnostics.error("the shares of this tier add up to \(total)%, not 100%", at: first.location,
                              hint: "make them add up to 100%, e.g. cm-a 70%, cm-b 30%")
            return nil
        }
        return shares
    }

    /// `not-mine status 403` or `not-mine text "not my number"`.
    private mutating func refusal(_ property: PropertyLine) -> RouteConfiguration.Refusal? {
        let arguments = property.arguments.filter { !$0.isComma }
        let hint = #"write 'not-mine status 403' or 'not-mine text "not my number"'"#
        guard arguments.count == 2 else {
            diagnostics.error("'not-mine' needs 'status CODE' or 'text TEXT'", at: arguments.dropFirst(2).first?.location ?? property.end,
                              hint: hint)
            return nil
        }
        switch arguments[0].text {
        case "status":
            guard let code = Int(arguments[1].text), (100...599).contains(code) else {
                diagnostics.error("'\(arguments[1].text)' is not an HTTP status", at: arguments[1].location, hint: "e.g. not-mine status 403")
                return nil
            }
            return .status(code)
        case "text":
            guard !arguments[1].text.isEmpty else {
                diagnostics.error("the text is empty", at: arguments[1].location, hint: hint)
                return nil
            }
            return .text(arguments[1].text)
        default:
            diagnostics.error("unknown 'not-mine' answer '\(arguments[0].text)'", at: arguments[0].location, hint: hint)
            return nil
        }
    }

    /// Every gateway a route names is a gateway of this file (not an endpoint,
    /// not a route: routes do not nest), and no route shares a gateway's name.
    mutating func checkRoutes(_ routes: [RouteConfiguration], gateways: [GatewayConfiguration],
                              endpoints: [EndpointConfiguration]) {
        let gatewayNames = gateways.map(\.name)
        let routeNames = Set(routes.map(\.name))
        for route in routes {
            if let gateway = gateways.first(where: { $0.name == route.name }) {
                diagnostics.error("route '\(route.name)' has the name of the gateway on line \(gateway.location.line)",
                                  at: route.location, hint: "'via' finds either, so give the route its own name")
            }
            for share in route.rules.flatMap({ $0.tiers.joined() }) where !gatewayNames.contains(share.gateway) {
                if routeNames.contains(share.gateway) {
                    diagnostics.error("route '\(route.name)' names the route '\(share.gateway)'; routes do not nest", at: share.location,
                                      hint: "name that route's gateways here instead")
                } else if endpoints.contains(where: { $0.name == share.gateway }) {
                    diagnostics.error("'\(share.gateway)' is an endpoint (a webhook); a route sends SMS through gateways",
                                      at: share.location, hint: "name a 'gateway' block")
                } else {
                    diagnostics.error("route '\(route.name)' names gateway '\(share.gateway)', which is not defined", at: share.location,
                                      hint: Suggestion.didYouMean(share.gateway, among: gatewayNames)
                                          ?? "add a block 'gateway \(share.gateway)'")
                }
            }
        }
    }
}
