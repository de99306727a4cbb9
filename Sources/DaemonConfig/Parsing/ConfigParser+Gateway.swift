import LineLanguage

extension ConfigParser {
    static let gatewayKeys: [PropertyKey] = destinationKeys + [
        PropertyKey("username"), PropertyKey("password"), PropertyKey("from"),
        PropertyKey("dlr-url"), PropertyKey("dlr-mask"), PropertyKey("auth"),
        PropertyKey("header", shape: .nameAndRest, repeatable: true),
        PropertyKey("field", shape: .nameAndRest, repeatable: true),
        PropertyKey("json", shape: .literalRest), PropertyKey("unsubscribe-status"), PropertyKey("price"),
    ]

    static let gatewayKeyKinds: [String: [GatewayKind]] = [
        "dlr-url": [.kannel], "dlr-mask": [.kannel],
        "auth": [.httpJSON, .httpForm], "header": [.httpJSON, .httpForm],
        "field": [.httpForm], "json": [.httpJSON],
    ]

    mutating func parseGateway(_ scanner: inout LineScanner, keyword: Token, _ properties: [PropertyLine]) -> GatewayConfiguration? {
        let name = blockName(&scanner, keyword: keyword)
        let (kind, url): (GatewayKind?, SecretText?) = kindAndURL(properties, block: "gateway", name: name, header: keyword)
        var gateway = GatewayConfiguration(name: name?.text ?? "", kind: kind ?? .kannel, url: url ?? SecretText(plain: ""),
                                           location: keyword.location)
        for property in properties where applies(property, to: kind, allowed: Self.gatewayKeyKinds, block: "gateway") {
            if applyShared(property, to: &gateway) { continue }
            switch property.keyName {
            case "username": gateway.username = secretText(property, example: "broadcastd")
            case "password":
                gateway.password = secretText(property, example: "secret:kannel-password")
                warnIfInline(gateway.password, property)
            case "from": gateway.from = secretText(property, example: "96110")
            case "dlr-url": gateway.dlrURL = self.url(property)
            case "dlr-mask": gateway.dlrMask = number(property, in: 1...31, example: "3")
            case "auth": gateway.auth = auth(property)
            case "unsubscribe-status": gateway.unsubscribeStatuses = unsubscribeStatuses(property)
            case "price": gateway.price = price(property)
            case "header": namedValue(property).map { gateway.headers.append($0) }
            case "field":
                guard let field = namedValue(property) else { continue }
                if gateway.fields.contains(where: { $0.name == field.name }) {
                    diagnostics.error("field '\(field.name)' is already set", at: property.arguments[0].location,
                                      hint: "each form field appears once")
                }
                gateway.fields.append(field)
            default:  // json
                guard let body = property.arguments.first else {
                    diagnostics.error("'json' needs a body", at: property.end, hint: #"e.g. json {"to":"{to}","text":"{text}"}"#)
                    continue
                }
                let problems = TemplateSyntax.checkJSON(body)
                diagnostics.append(contentsOf: problems)
                if problems.isEmpty { gateway.json = secretText(body, escape: { text, _ in TemplateSyntax.jsonEscaped(text) }) }
            }
        }
        guard let name, let kind, url != nil else { return nil }
        checkComplete(gateway, kind: kind, at: name.location, properties)
        return gateway
    }

    /// What each kind cannot send without.
    private mutating func checkComplete(_ gateway: GatewayConfiguration, kind: GatewayKind, at location: SourceLocation,
                                        _ properties: [PropertyLine]) {
        func has(_ key: String) -> Bool { properties.contains { $0.keyName == key } }
        var needed: [(key: String, line: String)] = []
        if kind == .kannel || kind == .jasmin || gateway.auth == .basic {
            needed += [("username", "username broadcastd"), ("password", "password secret:\(gateway.name)-password")]
        }
        if kind == .httpForm { needed.append(("field", "field to {to}")) }
        if kind == .httpJSON { needed.append(("json", #"json {"to":"{to}","text":"{text}"}"#)) }
        let why = kind.isGeneric && gateway.auth == .basic ? "'auth basic'" : "a \(kind.rawValue) gateway"
        for (key, line) in needed where !has(key) {
            diagnostics.error("gateway '\(gateway.name)' has no '\(key)', which \(why) needs", at: location,
                              hint: "add an indented line '\(line)'")
        }
    }

    /// `price 0.045 CNY`: per segment, the currency as the contract writes it.
    private mutating func price(_ property: PropertyLine) -> SegmentPrice? {
        let words = property.arguments.filter { !$0.isComma }
        let hint = "e.g. price 0.045 CNY: what one SMS segment costs at this gateway"
        guard let amount = words.first else {
            diagnostics.error("'price' needs an amount and a currency", at: property.end, hint: hint)
            return nil
        }
        guard words.count <= 2, let price = SegmentPrice.parse(amount: amount.text, currency: words.dropFirst().first?.text) else {
            diagnostics.error("'\(words.map(\.text).joined(separator: " "))' is not a price per segment", at: amount.location, hint: hint)
            return nil
        }
        return price
    }

    /// `unsubscribe-status MK:0008 21610`: words, compared case-insensitively.
    private mutating func unsubscribeStatuses(_ property: PropertyLine) -> [String] {
        let words = property.arguments.filter { !$0.isComma }
        if words.isEmpty {
            diagnostics.error("'unsubscribe-status' needs at least one status or code", at: property.end,
                              hint: "e.g. unsubscribe-status MK:0008 (as the gateway's reports write it)")
        }
        return words.map(\.text)
    }

    /// `auth bearer TOKEN` or `auth basic` (with the gateway's username and password).
    private mutating func auth(_ property: PropertyLine) -> GatewayAuth? {
        let example = "expected 'auth bearer secret:NAME' or 'auth basic'"
        guard let method = property.arguments.first else {
            diagnostics.error("'auth' needs a method", at: property.end, hint: example)
            return nil
        }
        switch method.text {
        case "basic":
            if let extra = property.arguments.dropFirst().first {
                diagnostics.error("unexpected \(extra) after 'basic'", at: extra.location,
                                  hint: "'auth basic' takes the gateway's username and password")
                return nil
            }
            return .basic
        case "bearer":
            let tokenProperty = PropertyLine(key: method, arguments: Array(property.arguments.dropFirst()), end: property.end)
            guard let token = secretText(tokenProperty, example: "secret:NAME") else { return nil }
            warnIfInline(token, property)
            return .bearer(token)
        default:
            diagnostics.error("unknown auth method \(method)", at: method.location,
                              hint: Suggestion.didYouMean(method.text, among: ["bearer", "basic"]) ?? example)
            return nil
        }
    }

    /// `field NAME VALUE…` and `header NAME VALUE…`: a name, then the rest of the line.
    private mutating func namedValue(_ property: PropertyLine) -> NamedValue? {
        guard property.arguments.count == 2 else {
            diagnostics.error("'\(property.keyName)' needs a name and a value", at: property.arguments.first?.endLocation ?? property.end,
                              hint: property.keyName == "field" ? "e.g. field to {to}" : "e.g. header X-Api-Version 2")
            return nil
        }
        let value = property.arguments[1]
        let problems = TemplateSyntax.check(value)
        diagnostics.append(contentsOf: problems)
        return problems.isEmpty ? NamedValue(name: property.arguments[0].text, value: secretText(value)) : nil
    }
}
