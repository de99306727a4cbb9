@testable import Delivery
import Testing

struct StandardWebhookTests {
    // The test vector published with the Standard Webhooks specification.
    static let specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let specID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let specTimestamp: Int64 = 1_614_265_330
    static let specBody = #"{"test": 2432232314}"#
    static let specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    @Test func signerReproducesThePublishedVector() throws {
        let signer = try StandardWebhookSigner(secrets: [Self.specSecret])
        #expect(signer.signature(id: Self.specID, timestamp: Self.specTimestamp, body: Array(Self.specBody.utf8))
            == Self.specSignature)
    }

    @Test func referenceImplementationReproducesThePublishedVector() throws {
        #expect(try Self.verify(signatureHeader: Self.specSignature, id: Self.specID,
                                timestamp: String(Self.specTimestamp), body: Array(Self.specBody.utf8),
                                secret: Self.specSecret))
    }

    @Test func requestCarriesIDTimestampSignatureAndTheDocumentedBody() throws {
        let dialect = try StandardWebhook(url: "https://media.example.org/hooks/broadcast", signingSecrets: [Self.specSecret])
        let request = try dialect.request(for: Fixtures.webhook(), now: Fixtures.now)

        #expect(request.method == .post)
        #expect(request.url == "https://media.example.org/hooks/broadcast")
        #expect(request.headers.map(\.name) == ["Content-Type", "webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(Fixtures.header(request, "content-type") == "application/json")
        #expect(Fixtures.header(request, "webhook-id") == "d-7f3a9c")
        #expect(Fixtures.header(request, "webhook-timestamp") == "1615770000")
        #expect(Fixtures.body(request) == """
            {"type":"broadcast.message","timestamp":"2021-03-15T01:00:00Z","data":{"delivery_id":"d-7f3a9c",\
            "campaign":{"name":"spring-breeze-2021","title":"春风行动"},"message":"morning-warning",\
            "occurrence":"2021-03-15T09:00:00+08:00","occurrence_unix":1615770000,\
            "region":{"path":"jiangxi/nanchang/donghu","name":"东湖区"},"channel":"webhook","text":"\(Fixtures.text)"}}
            """)
        #expect(try Self.verify(signatureHeader: try #require(Fixtures.header(request, "webhook-signature")),
                                id: "d-7f3a9c", timestamp: "1615770000", body: request.body, secret: Self.specSecret))
    }

    @Test func theIDStaysTheSameAcrossRetriesWhileTheTimestampMoves() throws {
        let dialect = try StandardWebhook(url: "https://h/", signingSecrets: [Self.specSecret])
        let first = try dialect.request(for: Fixtures.webhook(), now: Fixtures.now)
        let later = try dialect.request(for: Fixtures.webhook(), now: Fixtures.now + 300)
        #expect(Fixtures.header(first, "webhook-id") == Fixtures.header(later, "webhook-id"))
        #expect(Fixtures.header(later, "webhook-timestamp") == "1615770300")
        #expect(Fixtures.header(first, "webhook-signature") != Fixtures.header(later, "webhook-signature"))
    }

    @Test func rotationSignsWithEverySecretSpaceSeparated() throws {
        let newSecret = "whsec_" + Base64.encode(Array("a brand new secret, 32 bytes lon".utf8))
        let dialect = try StandardWebhook(url: "https://h/", signingSecrets: [Self.specSecret, newSecret])
        let request = try dialect.request(for: Fixtures.webhook(), now: Fixtures.now)
        let header = try #require(Fixtures.header(request, "webhook-signature"))
        #expect(header.split(separator: " ").count == 2)
        for secret in [Self.specSecret, newSecret] {
            #expect(try Self.verify(signatureHeader: header, id: "d-7f3a9c", timestamp: "1615770000",
                                    body: request.body, secret: secret))
        }
        #expect(try !Self.verify(signatureHeader: header, id: "d-7f3a9c", timestamp: "1615770000",
                                 body: request.body + [0x20], secret: newSecret))
    }

    @Test func withoutSecretsThereIsNoSignatureHeader() throws {
        let request = try StandardWebhook(url: "https://h/").request(for: Fixtures.webhook(), now: Fixtures.now)
        #expect(Fixtures.header(request, "webhook-signature") == nil)
        #expect(Fixtures.header(request, "webhook-id") == "d-7f3a9c")
    }

    @Test(arguments: ["whsec_not base64!", "whsec_", "whsec_Zm9"])
    func aBadSecretFailsWithoutShowingIt(secret: String) {
        #expect(throws: DialectError(.invalidSigningSecret, subject: "webhook signing")) {
            try StandardWebhook(url: "https://h/", signingSecrets: [secret])
        }
        let payload = secret.dropFirst("whsec_".count)
        #expect(payload.isEmpty || !DialectError(.invalidSigningSecret, subject: "webhook signing").description.contains(payload))
    }

    @Test(arguments: [200, 202, 204])
    func anyTwoHundredIsDelivered(status: Int) throws {
        #expect(try StandardWebhook(url: "https://h/").verdict(for: Fixtures.response(status, ""), now: 0)
            == .delivered(gatewayMessageID: nil))
    }

    /// A receiver's check as the spec describes it: strip `whsec_`, base64-decode the
    /// key, HMAC "id.timestamp.body", compare with each `v1,` entry.
    static func verify(signatureHeader: String, id: String, timestamp: String, body: [UInt8], secret: String) throws -> Bool {
        let key = try #require(Base64.decode(String(secret.dropFirst("whsec_".count))))
        let expected = Base64.encode(ReferenceHMAC.hmac(key: key, message: Array("\(id).\(timestamp).".utf8) + body))
        return signatureHeader.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }
}
