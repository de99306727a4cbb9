/// Standard Webhooks signing: `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body"))
/// where the key is the base64 part of a `whsec_…` secret. Several secrets give
/// several space-separated signatures, so a receiver rotating its secret accepts
/// either while both are configured.
public struct StandardWebhookSigner: Hashable, Sendable {
    private let keys: [[UInt8]]

    /// Secrets as the receiver issued them (`whsec_MfKQ9r8…`); the prefix is optional.
    public init(secrets: [String]) throws(DialectError) {
        var keys: [[UInt8]] = []
        for secret in secrets {
            let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
            guard let key = Base64.decode(encoded), !key.isEmpty else {
                throw DialectError(.invalidSigningSecret, subject: "webhook signing")
            }
            keys.append(key)
        }
        self.keys = keys
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The `webhook-signature` header value.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return keys.map { "v1," + Base64.encode(HMACSHA256.authenticate(signed, key: $0)) }.joined(separator: " ")
    }
}
