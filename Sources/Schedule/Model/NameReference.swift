import LineLanguage

/// A gateway or endpoint the schedule names. They are defined in
/// broadcastd.conf, so the schedule alone cannot check them; the config
/// check walks these and reports unknown names at their place.
public struct NameReference: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case gateway
        case endpoint
    }

    public var kind: Kind
    public var name: String
    public var location: SourceLocation

    public init(kind: Kind, name: String, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.location = location
    }
}
