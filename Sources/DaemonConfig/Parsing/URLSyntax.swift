import Foundation
import LineLanguage

/// Gateway and endpoint URLs: http or https, with a host. Checked as written,
/// before secrets are put in, so a key inside the query (`?key=secret:NAME`)
/// never shows up in an error.
enum URLSyntax {
    static let example = "expected a URL like https://gateway.example.org/send"

    static func check(_ token: Token) -> Diagnostic? {
        guard let components = URLComponents(string: token.text), let scheme = components.scheme else {
            return .error("'\(token.text)' is not a URL", at: token.location, hint: example)
        }
        guard ["http", "https"].contains(scheme.lowercased()) else {
            return .error("unsupported URL scheme '\(scheme)'", at: token.location,
                          hint: "only http:// and https:// URLs can be sent to")
        }
        guard let host = components.host, !host.isEmpty else {
            return .error("the URL has no host", at: token.location, hint: example)
        }
        if let port = components.port, !(1...65535).contains(port) {
            return .error("the URL's port \(port) is out of range", at: token.location)
        }
        return nil
    }

    /// A secret can hold characters a URL cannot (a blank, a `#`); the message names
    /// the secrets, never what they hold.
    static func checkFilledIn(_ url: SecretText, written token: Token) -> Diagnostic? {
        let written = URLComponents(string: token.text)
        guard let filled = URLComponents(string: url.revealed), filled.scheme == written?.scheme,
              filled.host != nil, filled.fragment == written?.fragment else {
            let names = url.secretNames.map { "'\($0)'" }.joined(separator: ", ")
            return .error("the URL is malformed once the secret \(names) is filled in", at: token.location,
                          hint: "a secret inside a URL must be URL-safe; percent-encode its content")
        }
        return nil
    }
}
