import Foundation
import LineLanguage

/// The value of `outbox`: `sqlite`, or `postgresql://USER@HOST[:PORT]/DB[?sslmode=…]`.
/// Read by hand rather than through URLComponents so that each mistake points
/// at its own column, and so that a password in the URL is found and refused
/// without ever being copied into a message.
enum OutboxSyntax {
    static let form = "postgresql://USER@HOST[:PORT]/DB[?sslmode=disable|require|verify-full]"
    static let example = "postgresql://broadcastd@db.example.org/broadcastd?sslmode=verify-full"
    static let schemes = ["postgresql", "postgres"]
    static let parameters = ["sslmode"]
    static let passwordHint = "take the password out of the URL: write it in a secret file NAME (chmod 600) "
        + "and add the line 'outbox-password secret:NAME'"

    /// What `outbox` says, the password apart (that is `outbox-password`'s).
    enum Value: Hashable, Sendable {
        case sqlite
        case postgresql(PostgreSQLLocation)
    }

    /// Whether the written value may hold a password, so the parser keeps the line out of every message.
    static func holdsPassword(_ text: String) -> Bool {
        guard let rest = text.range(of: "://").map({ text[$0.upperBound...] }) else { return false }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        return text.range(of: "password=", options: .caseInsensitive) != nil || text.contains(SecretReference.prefix)
    }

    static func parse(_ token: Token) -> Result<Value, ValueProblem> {
        Result { () throws(ValueProblem) in try read(token) }
    }

    private static func read(_ token: Token) throws(ValueProblem) -> Value {
        if token.text == "sqlite" { return .sqlite }
        let scalars = Array(token.text.unicodeScalars)
        // Columns inside a quoted value start after its opening quote.
        let opening = token.kind == .quoted ? 1 : 0
        func at(_ offset: Int) -> SourceLocation { token.location.advanced(by: opening + offset) }
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        func first(_ scalar: Unicode.Scalar, in range: Range<Int>) -> Int? { range.first { scalars[$0] == scalar } }

        guard let colon = first(":", in: 0..<scalars.count), text(colon..<min(colon + 3, scalars.count)) == "://" else {
            throw .error("unknown outbox '\(token.text)'", at: at(0),
                         hint: "write 'outbox sqlite' (the state folder's outbox.sqlite, the default) or 'outbox \(form)'")
        }
        let scheme = text(0..<colon)
        guard schemes.contains(scheme.lowercased()) else {
            throw .error("unsupported outbox URL scheme '\(scheme)'", at: at(0),
                         hint: "the outbox is 'sqlite' or a PostgreSQL database: \(form)")
        }
        if let reference = SecretReference.scan(token.text).first {
            throw .error("a secret cannot go inside the outbox URL", at: at(reference.offset), hint: passwordHint)
        }
        let authorityStart = colon + 3
        let authorityEnd = (authorityStart..<scalars.count).first { scalars[$0] == "/" || scalars[$0] == "?" } ?? scalars.count
        guard let atSign = (authorityStart..<authorityEnd).last(where: { scalars[$0] == "@" }) else {
            throw .error("the outbox URL names no user", at: at(authorityStart),
                         hint: "write USER@ before the host, e.g. \(example)")
        }
        if let passwordColon = first(":", in: authorityStart..<atSign) {
            // The column of the ':' only: what follows it is the password, never repeated.
            throw .error("the outbox URL holds a password", at: at(passwordColon), hint: passwordHint)
        }
        guard let user = text(authorityStart..<atSign).removingPercentEncoding, !user.isEmpty else {
            throw .error("the outbox URL's user is empty or badly percent-encoded", at: at(authorityStart),
                         hint: "write USER@ before the host, e.g. \(example)")
        }
        let (host, port) = try hostAndPort(text(atSign + 1..<authorityEnd), at: at(atSign + 1))
        let queryStart = first("?", in: authorityEnd..<scalars.count) ?? scalars.count
        let path = text(authorityEnd..<queryStart)
        guard path.hasPrefix("/"), let database = String(path.dropFirst()).removingPercentEncoding, !database.isEmpty,
              !database.contains("/") else {
            throw .error("the outbox URL names no database", at: at(authorityEnd),
                         hint: "end the URL with /DATABASE, e.g. \(example)")
        }
        let tls = try tlsMode(queryStart < scalars.count ? text(queryStart + 1..<scalars.count) : nil, at: at(queryStart + 1))
        return .postgresql(PostgreSQLLocation(user: user, host: host, port: port, databaseName: database,
                                              tls: tls ?? PostgreSQLLocation.defaultTLS(host: host)))
    }

    /// The query's `sslmode`, nil when there is no query or it does not say.
    private static func tlsMode(_ query: String?, at location: SourceLocation) throws(ValueProblem) -> PostgreSQLLocation.TLSMode? {
        guard let query else { return nil }
        var tls: PostgreSQLLocation.TLSMode?
        var offset = 0
        for parameter in query.split(separator: "&", omittingEmptySubsequences: false) {
            defer { offset += parameter.unicodeScalars.count + 1 }
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            if key.lowercased() == "password" {
                throw .error("the outbox URL holds a password", at: location.advanced(by: offset), hint: passwordHint)
            }
            guard key == "sslmode" else {
                throw .error("unknown outbox URL parameter '\(key)'", at: location.advanced(by: offset),
                             hint: Suggestion.didYouMean(key, among: parameters)
                                 ?? "the only parameter is sslmode=disable|require|verify-full")
            }
            guard tls == nil else {
                throw .error("'sslmode' is given twice", at: location.advanced(by: offset), hint: "keep one sslmode=…")
            }
            guard let mode = PostgreSQLLocation.TLSMode(rawValue: value) else {
                let accepted = PostgreSQLLocation.TLSMode.allCases.map(\.rawValue)
                let nearest = Suggestion.closest(to: value, among: accepted).map { "; did you mean '\($0)'?" } ?? ""
                throw .error("unknown sslmode '\(value)'", at: location.advanced(by: offset + key.unicodeScalars.count + 1),
                             hint: "expected one of: \(accepted.joined(separator: ", "))\(nearest)")
            }
            tls = mode
        }
        return tls
    }

    /// `db.example.org`, `db.example.org:5433`, `10.0.0.5`, `[::1]:5432`.
    private static func hostAndPort(_ text: String, at location: SourceLocation) throws(ValueProblem) -> (String, Int) {
        var host = Substring(text), portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .error("an IPv6 address in the outbox URL needs its closing ']'", at: location,
                             hint: "e.g. postgresql://broadcastd@[::1]:5432/broadcastd")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw .error("unexpected text after the IPv6 address", at: location, hint: "write [ADDRESS]:PORT")
                }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, text.hasPrefix("[") || !host.contains(":") else {
            throw .error("the outbox URL names no host", at: location, hint: "e.g. \(example); an IPv6 address goes in brackets: [::1]")
        }
        guard let portText else { return (String(host), PostgreSQLLocation.defaultPort) }
        let portLocation = location.advanced(by: text.unicodeScalars.count - portText.unicodeScalars.count)
        return (String(host), try NumberSyntax.parse(String(portText), at: portLocation, "the port", in: 1...65535).get())
    }
}
