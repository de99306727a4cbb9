/// A config value with `{to}`, `{text}` and `{id}` placeholders, checked when the
/// config loads so a typo fails there rather than in the middle of a campaign.
/// `{{` and `}}` stand for literal braces.
public struct PlaceholderTemplate: Hashable, Sendable {
    enum Piece: Hashable, Sendable {
        case literal(String)
        case to, text, id
    }

    let pieces: [Piece]

    public init(_ source: String, subject: String) throws(DialectError) {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(source)
        while let char = rest.first {
            rest = rest.dropFirst()
            if (char == "{" || char == "}") && rest.first == char {
                literal.append(char)
                rest = rest.dropFirst()
            } else if char == "{", let close = rest.firstIndex(of: "}") {
                let name = String(rest[..<close])
                guard let piece = Self.placeholders[name] else {
                    throw DialectError(.unknownPlaceholder(name), subject: subject)
                }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(piece)
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(char)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    private static let placeholders: [String: Piece] = ["to": .to, "text": .text, "id": .id]

    /// A missing recipient (a webhook-shaped use) renders `{to}` as empty.
    public func render(_ message: OutgoingMessage) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): return text
            case .to: return message.recipient ?? ""
            case .text: return message.text
            case .id: return message.deliveryID
            }
        }.joined()
    }

    public var mentionsRecipient: Bool { pieces.contains(.to) }
}
