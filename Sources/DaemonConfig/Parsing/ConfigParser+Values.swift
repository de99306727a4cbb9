import Foundation
import LineLanguage

/// Reading the values of one line, each reader reporting its own mistakes.
extension ConfigParser {
    /// Splits a block's indented lines into properties through the shared reader,
    /// which reports unknown keys (with the nearest known one) and keys repeated
    /// where only one is allowed.
    mutating func readProperties(_ lines: ArraySlice<SourceLine>, keys: [PropertyKey], block: String) -> [PropertyLine] {
        var reader = PropertyReader(keys: keys, wording: PropertyReader.Wording(
            unknownKey: { key, didYouMean in
                ("unknown \(block) key \(key)", didYouMean ?? "expected one of: \(keys.map(\.name).joined(separator: ", "))")
            },
            repeatedKey: { key, first in
                ("'\(key.text)' is already set on line \(first)", "keep one '\(key.text)' line in this \(block)")
            }))
        var properties: [PropertyLine] = []
        for line in lines where !line.isBlank && !line.isComment {
            var scanner = LineScanner(line: line, file: source.name)
            defer { diagnostics.append(contentsOf: scanner.diagnostics) }
            guard let key = scanner.next() else { continue }
            if Self.credentialKeys.contains(key.text) { credentialLines.insert(line.number) }
            if Self.statements.contains(key.text) && !keys.contains(where: { $0.name == key.text }) {
                diagnostics.error("'\(key.text)' cannot be indented inside the \(block) block", at: key.location,
                                  hint: "start '\(key.text)' in the first column")
                continue
            }
            guard let spec = reader.key(key, diagnostics: &diagnostics) else { continue }
            properties.append(PropertyReader.arguments(of: key, shape: spec.shape, &scanner))
        }
        return properties
    }

    /// The one argument of a key that takes one; nil (reported) when there is none or more.
    mutating func single(_ property: PropertyLine, example: String) -> Token? {
        guard let value = property.arguments.first, !value.isComma else {
            diagnostics.error("'\(property.keyName)' needs a value", at: property.arguments.first?.location ?? property.end,
                              hint: "e.g. \(property.keyName) \(example)")
            return nil
        }
        if let extra = property.arguments.dropFirst().first {
            diagnostics.error("unexpected \(extra) after the value of '\(property.keyName)'", at: extra.location,
                              hint: extra.isComma ? "'\(property.keyName)' takes one value" : "quote a value that holds blanks")
            return nil
        }
        return value
    }

    /// A value that may hold `secret:NAME` references, resolved.
    mutating func secretText(_ token: Token, escape: (String, Int) -> String = { text, _ in text }) -> SecretText {
        let opening = token.kind == .quoted ? 1 : 0
        var unusable = false
        for reference in SecretReference.scan(token.text) {
            if let problem = SecretReference.problem(withName: reference.name) {
                diagnostics.error(problem, at: token.location.advanced(by: opening + reference.offset),
                                  hint: "write secret:NAME, NAME being a file in the secrets folder")
                unusable = true
            }
        }
        if unusable { return SecretText(plain: "") }
        let (text, failures) = secretStore.resolve(token.text, escape: escape)
        for failure in failures {
            diagnostics.error(failure.error.description, at: token.location.advanced(by: opening + failure.offset),
                              hint: failure.error.hint)
        }
        return text
    }

    mutating func secretText(_ property: PropertyLine, example: String) -> SecretText? {
        single(property, example: example).map { secretText($0) }
    }

    /// A credential written straight into the config file works, but the file is
    /// usually readable by more people than a secrets file should be.
    mutating func warnIfInline(_ value: SecretText?, _ property: PropertyLine) {
        guard let value, !value.containsSecret, !value.revealed.isEmpty else { return }
        diagnostics.warning("the \(property.keyName) is written in the config file", at: property.key.location,
                            hint: "put it in a file of the secrets folder (chmod 600) and write 'secret:NAME'")
    }

    /// A file or folder, relative paths taken from the config file's folder.
    mutating func path(_ property: PropertyLine) -> String? {
        guard let token = single(property, example: "/var/lib/broadcastd") else { return nil }
        if !SecretReference.scan(token.text).isEmpty {
            diagnostics.error("a secret cannot stand for a path", at: token.location,
                              hint: "write the path itself")
            return nil
        }
        return Self.resolve(path: token.text, against: directory)
    }

    mutating func duration(_ property: PropertyLine, allowingZero: Bool) -> Duration? {
        if property.arguments.count == 2, let unit = DurationSyntax.unit(spelledOut: property.arguments[1].text),
           property.arguments[0].text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            diagnostics.error("a duration is written without a blank", at: property.arguments[1].location,
                              hint: "write \(property.arguments[0].text)\(unit)")
            return nil
        }
        guard let token = single(property, example: "10s") else { return nil }
        switch DurationSyntax.parse(token) {
        case .success(let duration) where duration > .zero || allowingZero:
            return duration
        case .success:
            diagnostics.error("'\(property.keyName)' must be longer than 0", at: token.location, hint: DurationSyntax.example)
        case .failure(let problem):
            diagnostics.append(problem.diagnostic)
        }
        return nil
    }

    mutating func number(_ property: PropertyLine, in range: ClosedRange<Int>, example: String) -> Int? {
        guard let token = single(property, example: example) else { return nil }
        return value(NumberSyntax.parse(token, "'\(property.keyName)'", in: range))
    }

    mutating func value<T>(_ result: Result<T, ValueProblem>) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            diagnostics.append(problem.diagnostic)
            return nil
        }
    }

    mutating func url(_ property: PropertyLine) -> SecretText? {
        guard let token = single(property, example: "https://gateway.example.org/send") else { return nil }
        if let problem = URLSyntax.check(token) {
            diagnostics.append(problem)
            return nil
        }
        // A secret is put in percent-encoded, so `&`, `#` or a blank in it is sent as
        // itself instead of ending the value; `/` stays a separator only in the path.
        let queryStart = token.text.unicodeScalars.firstIndex(of: "?").map { token.text.unicodeScalars.distance(from: token.text.unicodeScalars.startIndex, to: $0) } ?? Int.max
        let url = secretText(token, escape: { secret, offset in
            URLSyntax.percentEncoded(secret, keepingSlashes: offset < queryStart)
        })
        if url.containsSecret, !url.revealed.isEmpty, let problem = URLSyntax.checkFilledIn(url, written: token) {
            diagnostics.append(problem)
            return nil
        }
        return url
    }

    /// `kind NAME` among a block's kinds.
    mutating func kind<Kind: RawRepresentable & CaseIterable>(_ property: PropertyLine, of block: String) -> Kind?
    where Kind.RawValue == String {
        let names = Kind.allCases.map(\.rawValue)
        guard let token = single(property, example: names[0]) else { return nil }
        if let kind = Kind(rawValue: token.text) { return kind }
        diagnostics.error("unknown \(block) kind \(token)", at: token.location,
                          hint: Suggestion.didYouMean(token.text, among: names) ?? "expected one of: \(names.joined(separator: ", "))")
        return nil
    }

    /// The name after `gateway` or `endpoint`, once per file.
    mutating func blockName(_ scanner: inout LineScanner, keyword: Token) -> Token? {
        guard let name = scanner.next(), name.kind == .word else {
            diagnostics.error("'\(keyword.text)' needs a name", at: keyword.endLocation,
                              hint: "e.g. \(keyword.text) \(["gateway": "kannel-main", "route": "carriers"][keyword.text] ?? "province-media-desk")")
            return nil
        }
        if let extra = scanner.next() {
            diagnostics.error("unexpected \(extra) after the \(keyword.text) name", at: extra.location,
                              hint: "put each property on its own indented line below")
        }
        return claim(name, block: keyword.text) ? name : nil
    }
}
