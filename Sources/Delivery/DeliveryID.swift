/// The id a delivery carries on the wire (Standard Webhooks' `webhook-id`, a
/// generic gateway's `{id}`): stable across retries and restarts, because it is
/// derived from the delivery's idempotency key, and opaque, because that key
/// holds a phone number that must not travel to a webhook in clear.
public enum DeliveryID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func make(idempotencyKey: String) -> String {
        let digest = HMACSHA256.authenticate(idempotencyKey, key: "broadcastd delivery id")
        let hex = digest.prefix(16).flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0F)]] }
        return "msg_" + String(decoding: hex, as: UTF8.self)
    }
}
