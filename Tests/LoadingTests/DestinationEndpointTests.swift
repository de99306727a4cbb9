import DaemonConfig
import Delivery
import Foundation
import LineLanguage
import Testing
@testable import Loading

struct DestinationEndpointTests {
    typealias Fixture = DestinationFixture
    static let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static let blocks = """
        endpoint desk
            kind    webhook
            url     http://127.0.0.1:13080/hooks/desk
            signing secret:desk-whsec
            timeout 5s
        endpoint ding
            kind   dingtalk
            url    http://127.0.0.1:13080/dingtalk/ding/send?access_token=secret:ding-token
            secret secret:ding-sign
        endpoint fei
            kind   feishu
            url    http://127.0.0.1:13080/feishu/fei/hook/secret:fei-hook
            secret secret:fei-sign
        endpoint wc
            kind wecom
            url  http://127.0.0.1:13080/wecom/wc/send?key=secret:wc-key
        endpoint sl
            kind slack
            url  http://127.0.0.1:13080/slack/sl
        gateway sms
            kind     kannel
            url      http://127.0.0.1:13013/cgi-bin/sendsms
            username broadcastd
            password secret:kannel-password
        """

    static let secrets = [
        "desk-whsec": whsec, "ding-token": "dt0k", "ding-sign": "SECds1", "fei-hook": "fh00k",
        "fei-sign": "fs1gn", "wc-key": "wck3y", "kannel-password": "kpw",
    ]

    /// Each endpoint as the factory builds it, next to the dialect built by hand from the secrets' values.
    static func expectedDialects() throws -> [String: any Dialect] {
        [
            "desk": try StandardWebhook(url: "http://127.0.0.1:13080/hooks/desk", signingSecrets: [whsec]),
            "ding": DingTalk(url: "http://127.0.0.1:13080/dingtalk/ding/send?access_token=dt0k", secret: "SECds1"),
            "fei": Feishu(url: "http://127.0.0.1:13080/feishu/fei/hook/fh00k", secret: "fs1gn"),
            "wc": WeCom(url: "http://127.0.0.1:13080/wecom/wc/send?key=wck3y"),
            "sl": Slack(url: "http://127.0.0.1:13080/slack/sl"),
        ]
    }

    @Test(arguments: ["desk", "ding", "fei", "wc", "sl"])
    func endpointRequestsMatchTheDialectBuiltFromTheSecrets(name: String) throws {
        let fixture = try Fixture(secrets: Self.secrets)
        defer { fixture.remove() }
        let configuration = try fixture.load(Self.blocks)
        let destination = try DestinationFactory.make(endpoint: try #require(configuration.endpoint(named: name)))
        let expected = try #require(try Self.expectedDialects()[name])
        var message = Fixture.message
        message.recipient = nil
        message.channel = "webhook"
        let request = try destination.dialect.request(for: message, now: Fixture.now)
        #expect(request == (try expected.request(for: message, now: Fixture.now)))
        #expect(destination.rateLimit.buckets == expected.defaultRate.buckets)
    }

    @Test func signedWebhookCarriesTheSignatureAndItsTimeout() throws {
        let fixture = try Fixture(secrets: Self.secrets)
        defer { fixture.remove() }
        let configuration = try fixture.load(Self.blocks)
        let destination = try DestinationFactory.make(endpoint: try #require(configuration.endpoint(named: "desk")))
        let request = try destination.dialect.request(for: Fixture.message, now: Fixture.now)
        #expect(request.header("webhook-signature")?.hasPrefix("v1,") == true)
        #expect(request.header("webhook-id") == "d-42")
        #expect(destination.timeout == .seconds(5))
    }

    @Test func makeAllNamesEveryGatewayAndEndpoint() throws {
        let fixture = try Fixture(secrets: Self.secrets)
        defer { fixture.remove() }
        let all = try DestinationFactory.makeAll(configuration: try fixture.load(Self.blocks))
        #expect(Set(all.keys) == ["desk", "ding", "fei", "wc", "sl", "sms"])
        #expect(all["sms"]?.kind == .gateway)
        #expect(all["wc"]?.kind == .endpoint)
    }

    /// The loader already refuses such a secret; the factory must not leak it either when handed one directly.
    @Test func aBadSigningSecretIsNamedByEndpointNotByValue() throws {
        var endpoint = EndpointConfiguration(name: "desk", kind: .webhook, url: SecretText(plain: "http://127.0.0.1:13080/hooks/desk"),
                                             location: SourceLocation(file: "broadcastd.conf", line: 1, column: 1))
        endpoint.signing = [SecretText(plain: "not-a-whsec-Zx9")]
        let error = #expect(throws: DestinationError.self) {
            try DestinationFactory.make(endpoint: endpoint)
        }
        let description = try #require(error?.description)
        #expect(description.hasPrefix("endpoint 'desk': "))
        #expect(!description.contains("Zx9"))
    }
}
