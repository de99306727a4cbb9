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

    /// `text` with every byte but RFC 3986's unreserved characters (and `/` when
    /// `keepingSlashes`, for a secret that spans path segments) percent-encoded.
    static func percentEncoded(_ text: String, keepingSlashes: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                out += "/"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
