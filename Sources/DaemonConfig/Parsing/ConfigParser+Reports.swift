import Foundation
import LineLanguage

/// `reports ADDRESS [remote]`, `reports-token SECRET` and `optout-keywords WORD…`.
extension ConfigParser {
    static let reportsSettings = ["reports", "reports-token", "optout-keywords"]
    /// Long enough that guessing it over HTTP is hopeless.
    static let minimumTokenLength = 16

    /// `127.0.0.1:8471`, `[::1]:8471`; anything but loopback needs `remote`.
    mutating func reportsAddress(_ property: PropertyLine) -> (host: String, port: Int, remote: Bool)? {
        let example = "reports 127.0.0.1:8471"
        guard let token = property.arguments.first, !token.isComma else {
            diagnostics.error("'reports' needs an address and port", at: property.end, hint: "e.g. \(example)")
            return nil
        }
        var remote = false
        if let flag = property.arguments.dropFirst().first {
            guard flag.text == "remote", property.arguments.count == 2 else {
                diagnostics.error("unexpected \(flag) after the address of 'reports'", at: flag.location,
                                  hint: "only 'remote' may follow the address: 'reports 10.0.0.5:8471 remote'")
                return nil
            }
            remote = true
        }
        guard let (host, portText) = Self.splitHostPort(token.text) else {
            diagnostics.error("'\(token.text)' is not an address and port", at: token.location,
                              hint: "e.g. \(example), or [::1]:8471")
            return nil
        }
        guard Self.isIPAddress(host) else {
            diagnostics.error("'\(host)' is not an IP address", at: token.location,
                              hint: "write the address to listen on, e.g. 127.0.0.1; names are not resolved")
            return nil
        }
        if host == "0.0.0.0" || host == "::" {
            diagnostics.error("'reports' needs one address, not every address", at: token.location,
                              hint: "gateways are told this address in their callback URL; write the one they reach")
            return nil
        }
        let portLocation = token.location.advanced(by: token.text.count - portText.count)
        guard let port = value(NumberSyntax.parse(portText, at: portLocation, "the port", in: 1...65535)) else { return nil }
        let loopback = ReportsConfiguration.isLoopback(host)
        if !loopback && !remote {
            diagnostics.error("the report listener would be reachable from other hosts", at: token.location,
                              hint: "listen on 127.0.0.1 (a local gateway or a TLS proxy calls it), or write "
                                  + "'reports \(token.text) remote' if gateways must reach it over the network")
            return nil
        }
        if loopback && remote {
            diagnostics.warning("'remote' has no effect on a loopback address", at: property.arguments[1].location)
        } else if remote {
            diagnostics.warning("delivery reports and replies will arrive over plain HTTP from the network",
                                at: property.key.location,
                                hint: "anyone who sees a callback URL learns the token; prefer a TLS proxy on this host")
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
