import CivilDate

/// A generic webhook: the message as JSON, signed per Standard Webhooks when
/// signing secrets are configured. `webhook-id` is the delivery id, so a receiver
/// that sees the same id twice (a retry after a lost answer) can drop the copy.
///
/// Body, in this key order (Standard Webhooks' recommended `type`/`timestamp`/`data` envelope):
/// `{"type":"broadcast.message","timestamp":"…Z","data":{"delivery_id":…,"campaign":{"name":…,"title":…},
/// "message":…,"occurrence":"2021-03-15T09:00:00+08:00","occurrence_unix":…,"region":{"path":…,"name":…},
/// "channel":…,"text":…}}`
public struct StandardWebhook: Dialect {
    public static let kind = "webhook"
    public static let eventType = "broadcast.message"

    public var url: String
    public var signer: StandardWebhookSigner?

    public init(url: String, signingSecrets: [String] = []) throws(DialectError) {
        self.url = url
        let signer = try StandardWebhookSigner(secrets: signingSecrets)
        self.signer = signer.isEmpty ? nil : signer
    }

    public var defaultRate: RateLimit { RateLimit([.perSecond(10, burst: 10)], concurrency: 4) }

    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        let timestamp = Int64(now.rounded(.down))
        let body = Self.body(for: message, timestamp: timestamp).bytes
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("webhook-id", message.deliveryID),
            ("webhook-timestamp", String(timestamp)),
        ]
        if let signer {
            headers.append(("webhook-signature", signer.signature(id: message.deliveryID, timestamp: timestamp, body: body)))
        }
        return HTTPRequest(method: .post, url: url, headers: headers, body: body)
    }

    static func body(for message: OutgoingMessage, timestamp: Int64) -> JSONValue {
        .object([
            ("type", .string(eventType)),
            ("timestamp", .string(CivilTime.iso8601(secondsSince1970: timestamp, utcOffset: 0))),
            ("data", .object([
                ("delivery_id", .string(message.deliveryID)),
                ("campaign", .object([("name", .string(message.campaignName)), ("title", .string(message.campaignTitle))])),
                ("message", .string(message.messageName)),
                ("occurrence", .string(message.occurrenceISO8601)),
                ("occurrence_unix", .integer(message.occurrence)),
                ("region", .object([("path", .string(message.regionPath)), ("name", .string(message.regionName))])),
                ("channel", .string(message.channel)),
                ("text", .string(message.text)),
            ])),
        ])
    }

    public func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        Verdict(response: response, now: now)
    }
}
