import Foundation
import LineLanguage

/// `reports ADDRESS [remote]`, `reports-token SECRET` and `optout-keywords WORD…`.
extension ConfigParser {
    static let reportsSettings = ["reports", "reports-token", "optout-keywords"]
    /// Long enough that guessing it over HTTP is hopeless.
    static let minimumTokenLength = 16

    /// `127.0.0.1:8471`, `[::1]:8471`; anything but loopback needs `remote`.
    mutating func reportsAddress(_ property: PropertyLine) -> (host: String, port: Int, remote: Bool)? {
        listenAddress(property, .reports)
    }

    /// What differs between the listeners that `listenAddress` reads: their
    /// directive, an example port, and who calls them, for the hints.
    struct ListenerWording {
        var directive: String
        var port: Int
        var everyAddressHint: String
        var loopbackHint: String
        var whoReaches: String
        var remoteWarning: String
        var remoteHint: String

        static let reports = ListenerWording(
            directive: "reports", port: 8471,
            everyAddressHint: "gateways are told this address in their callback URL; write the one they reach",
            loopbackHint: "listen on 127.0.0.1 (a local gateway or a TLS proxy calls it), or write",
            whoReaches: "gateways must reach it over the network",
            remoteWarning: "delivery reports and replies will arrive over plain HTTP from the network",
            remoteHint: "anyone who sees a callback URL learns the token; prefer a TLS proxy on this host")
        static let metrics = ListenerWording(
            directive: "metrics", port: 9471,
            everyAddressHint: "write the one address Prometheus scrapes",
            loopbackHint: "listen on 127.0.0.1 (a local Prometheus or a TLS proxy scrapes it), or write",
            whoReaches: "Prometheus scrapes it from another host",
            remoteWarning: "metrics will be served over plain HTTP to the network, without authentication",
            remoteHint: "they name campaigns and gateways; prefer a TLS proxy or a firewall rule for the Prometheus host")
    }

    /// A listener's `ADDRESS:PORT [remote]`: one literal IP address, loopback
    /// unless `remote` says otherwise (`reports`, `metrics`).
    mutating func listenAddress(_ property: PropertyLine, _ wording: ListenerWording) -> (host: String, port: Int, remote: Bool)? {
        let name = wording.directive
        let example = "\(name) 127.0.0.1:\(wording.port)"
        guard let token = property.arguments.first, !token.isComma else {
            diagnostics.error("'\(name)' needs an address and port", at: property.end, hint: "e.g. \(example)")
            return nil
        }
        var remote = false
        if let flag = property.arguments.dropFirst().first {
            guard flag.text == "remote", property.arguments.count == 2 else {
                diagnostics.error("unexpected \(flag) after the address of '\(name)'", at: flag.location,
                                  hint: "only 'remote' may follow the address: '\(name) 10.0.0.5:\(wording.port) remote'")
                return nil
            }
            remote = true
        }
        guard let (host, portText) = Self.splitHostPort(token.text) else {
            diagnostics.error("'\(token.text)' is not an address and port", at: token.location,
                              hint: "e.g. \(example), or [::1]:\(wording.port)")
            return nil
        }
        guard Self.isIPAddress(host) else {
            diagnostics.error("'\(host)' is not an IP address", at: token.location,
                              hint: "write the address to listen on, e.g. 127.0.0.1; names are not resolved")
            return nil
        }
        if host == "0.0.0.0" || host == "::" {
            diagnostics.error("'\(name)' needs one address, not every address", at: token.location,
                              hint: wording.everyAddressHint)
            return nil
        }
        let portLocation = token.location.advanced(by: token.text.count - portText.count)
        guard let port = value(NumberSyntax.parse(portText, at: portLocation, "the port", in: 1...65535)) else { return nil }
        let loopback = ReportsConfiguration.isLoopback(host)
        if !loopback && !remote {
            diagnostics.error("the \(name == "reports" ? "report" : name) listener would be reachable from other hosts",
                              at: token.location,
                              hint: "\(wording.loopbackHint) '\(name) \(token.text) remote' if \(wording.whoReaches)")
            return nil
        }
        if loopback && remote {
            diagnostics.warning("'remote' has no effect on a loopback address", at: property.arguments[1].location)
        } else if remote {
            diagnostics.warning(wording.remoteWarning, at: property.key.location, hint: wording.remoteHint)
        }
        return (host, port, remote && !loopback)
    }

    /// The token: a secret, URL-safe, and long enough.
    mutating func reportsToken(_ property: PropertyLine) -> SecretText? {
        guard let token = single(property, example: "secret:reports-token") else { return nil }
        let text = secretText(token)
        guard !text.revealed.isEmpty else { return nil }
        warnIfInline(text, property)
        // The value may be a secret: messages describe it, never quote it.
        if !text.revealed.unicodeScalars.allSatisfy(Self.isURLSafe) {
            diagnostics.error("the reports token may hold only letters, digits, '-', '_', '.' and '~'", at: token.location,
                              hint: "it is the first segment of every callback URL; e.g. openssl rand -hex 24")
            return nil
        }
        if text.revealed.count < Self.minimumTokenLength {
            diagnostics.error("the reports token is shorter than \(Self.minimumTokenLength) characters", at: token.location,
                              hint: "e.g. openssl rand -hex 24 > secrets/reports-token")
            return nil
        }
        return text
    }

    mutating func optOutKeywords(_ property: PropertyLine) -> OptOutKeywords? {
        guard !property.arguments.isEmpty else {
            diagnostics.error("'optout-keywords' needs at least one word", at: property.end,
                              hint: "e.g. optout-keywords \(OptOutKeywords.standard)")
            return nil
        }
        for word in property.arguments where word.isComma || OptOutKeywords.normalized(word.text).isEmpty {
            diagnostics.error("\(word) is not a keyword", at: word.location, hint: "separate the words with blanks")
            return nil
        }
        return OptOutKeywords(property.arguments.map(\.text))
    }

    /// Reports and token come as a pair; either alone is a mistake.
    mutating func checkReportsComplete(address: (host: String, port: Int, remote: Bool)?, token: SecretText?,
                                       tokenWritten: Bool) -> ReportsConfiguration? {
        let start = source.location(line: settingLines["reports"] ?? settingLines["reports-token"] ?? 1, column: 1)
        if settingLines["reports"] != nil && !tokenWritten {
            diagnostics.error("'reports' needs a 'reports-token'", at: start,
                              hint: "add a line 'reports-token secret:reports-token'; gateways get it in their callback URLs")
        }
        if settingLines["reports"] == nil && tokenWritten {
            diagnostics.warning("'reports-token' is set but 'reports' is not, so no reports are received", at: start,
                                hint: "add a line like 'reports 127.0.0.1:8471'")
        }
        guard let address, let token else { return nil }
        return ReportsConfiguration(host: address.host, port: address.port, allowsRemote: address.remote, token: token)
    }

    static func splitHostPort(_ text: String) -> (host: String, port: String)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), String(text[text.index(close, offsetBy: 2)...]))
        }
        guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func isIPAddress(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    private static func isURLSafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.~".unicodeScalars.contains(scalar))
    }
}
