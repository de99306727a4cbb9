/// The property lines of one block, read alike in the schedule and in
/// `broadcastd.conf`: each key checked against the keys the block takes (an
/// unknown one reported with the nearest known name), a key that may appear once
/// refused the second time, and the value read as the key's shape says.
/// Each language words its own messages, as its documentation shows them.
public struct PropertyReader: Sendable {
    /// A diagnostic's message and hint.
    public typealias Words = (message: String, hint: String)

    public struct Wording: Sendable {
        /// For a key the block does not take, given the nearest known key's "did you mean" hint.
        public var unknownKey: @Sendable (_ key: Token, _ didYouMean: String?) -> Words
        /// For the second line of a key that may appear once, given the first one's line;
        /// nil when the language checks repeats itself (the schedule keeps both for `fmt`).
        public var repeatedKey: (@Sendable (_ key: Token, _ firstLine: Int) -> Words)?

        public init(unknownKey: @escaping @Sendable (Token, String?) -> Words,
                    repeatedKey: (@Sendable (Token, Int) -> Words)? = nil) {
            self.unknownKey = unknownKey
            self.repeatedKey = repeatedKey
        }
    }

    public let keys: [PropertyKey]
    public let wording: Wording
    private var firstLines: [String: Int] = [:]

    public init(keys: [PropertyKey], wording: Wording) {
        self.keys = keys
        self.wording = wording
    }

    /// How to read the property that `token` starts; nil, reported, when the block
    /// takes no such key or already has it.
    public mutating func key(_ token: Token, diagnostics: inout DiagnosticBag) -> PropertyKey? {
        guard let key = keys.first(where: { $0.name == token.text }) else {
            let words = wording.unknownKey(token, Suggestion.didYouMean(token.text, among: keys.map(\.name)))
            diagnostics.error(words.message, at: token.location, hint: words.hint)
            return nil
        }
        if let repeated = wording.repeatedKey, !key.repeatable {
            if let first = firstLines[key.name] {
                let words = repeated(token, first)
                diagnostics.error(words.message, at: token.location, hint: words.hint)
                return nil
            }
            firstLines[key.name] = token.location.line
        }
        return key
    }

    /// The rest of the line after `key`, split as `shape` says.
    public static func arguments(of key: Token, shape: PropertyKey.Shape, _ scanner: inout LineScanner) -> PropertyLine {
        var arguments: [Token] = []
        switch shape {
        case .words:
            while let token = scanner.next() { arguments.append(token) }
        case .literalRest:
            if let rest = scanner.rest(literal: true) { arguments.append(rest) }
        case .nameAndRest:
            if let name = scanner.next() { arguments.append(name) }
            if let rest = scanner.rest(literal: false) { arguments.append(rest) }
        }
        return PropertyLine(key: key, arguments: arguments, end: scanner.endLocation)
    }
}
