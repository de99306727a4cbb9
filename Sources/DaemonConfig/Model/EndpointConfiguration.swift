import LineLanguage

public enum EndpointKind: String, Hashable, Sendable, CaseIterable {
    /// Standard Webhooks: signed JSON.
    case webhook
    case wecom
    case dingtalk
    case feishu
    case slack

    /// The bots that sign with a `secret` of their own (timestamp + HMAC-SHA256).
    var takesSecret: Bool { self == .dingtalk || self == .feishu }
}

/// An `endpoint NAME` block: a webhook a region names in its `webhook` line.
public struct EndpointConfiguration: Hashable, Sendable {
    public var name: String
    public var kind: EndpointKind
    public var url: SecretText
    /// nil: the kind's documented per-bot limit, chosen by the delivery layer.
    public var rate: RateSetting?
    public var concurrency: Int?
    public var timeout: Duration?
    public var retry: RetrySetting?
    public var caFile: String?
    /// `webhook`: the `whsec_` secrets to sign with, all of them while one rotates.
    public var signing: [SecretText]
    /// `dingtalk` / `feishu`: the bot's signing secret.
    public var secret: SecretText?
    public var location: SourceLocation

    public init(name: String, kind: EndpointKind, url: SecretText, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.url = url
        self.signing = []
        self.location = location
    }
}
