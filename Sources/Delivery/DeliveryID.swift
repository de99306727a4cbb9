/// The id a delivery carries on the wire (Standard Webhooks' `webhook-id`, a
/// generic gateway's `{id}`): stable across retries and restarts, because it is
/// derived from the delivery's idempotency key, and opaque, because that key
/// holds a phone number that must not travel to a webhook in clear.
public enum DeliveryID {
    public static func make(idempotencyKey: String) -> String {
        let digest = HMACSHA256.authenticate(idempotencyKey, key: "broadcastd delivery id")
        return "msg_" + digest.prefix(16).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
    }
}
