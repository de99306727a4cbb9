import DaemonConfig
import Delivery
import Foundation
import LineLanguage
import Testing
@testable import Loading

struct DestinationFactoryTests {
    typealias Fixture = DestinationFixture

    @Test func kannelGatewayTakesEveryFieldAndTheConfiguredPace() throws {
        let fixture = try Fixture(secrets: ["kannel-password": "pa55&word"])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            gateway kannel-main
                kind        kannel
                url         http://127.0.0.1:13013/cgi-bin/sendsms
                username    broadcastd
                password    secret:kannel-password
                from        96110
                dlr-mask    3
                dlr-url     http://127.0.0.1:8080/dlr?id=%i
                rate        100/s burst 20
                concurrency 16
                timeout     10s
                retry       10 attempts within 24h
            """)
        let destination = try DestinationFactory.make(gateway: try #require(configuration.gateway(named: "kannel-main")))
        #expect(destination.name == "kannel-main")
        #expect(destination.kind == .gateway)
        #expect(destination.timeout == .seconds(10))
        #expect(destination.timeoutSeconds == 10)
        #expect(destination.concurrency == 16)
        #expect(destination.rateLimit == Delivery.RateLimit([.perSecond(100, burst: 20)], concurrency: 16))
        #expect(destination.retryPolicy.attempts == 10)
        #expect(destination.retryPolicy.maxAge == 24 * 3600)

        let request = try destination.dialect.request(for: Fixture.message, now: Fixture.now)
        let expected = try Kannel(url: "http://127.0.0.1:13013/cgi-bin/sendsms", username: "broadcastd", password: "pa55&word",
                                  from: "96110", dlrMask: 3, dlrURL: "http://127.0.0.1:8080/dlr?id=%i")
            .request(for: Fixture.message, now: Fixture.now)
        #expect(request == expected)
        #expect(request.method == .get)
        #expect(request.url.contains("password=pa55%26word"))
        #expect(request.url.contains("from=96110"))
        #expect(request.url.contains("dlr-mask=3"))
        #expect(request.url.contains("coding=2"))
    }

    @Test func unsetPaceFallsBackToTheDialectsDefaults() throws {
        let fixture = try Fixture(secrets: ["jasmin-password": "j4smin"])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            gateway backup
                kind     jasmin
                url      http://127.0.0.1:13013/send
                username broadcastd
                password secret:jasmin-password
            """)
        let gateway = try #require(configuration.gateway(named: "backup"))
        let destination = try DestinationFactory.make(gateway: gateway)
        let jasmin = Jasmin(url: "http://127.0.0.1:13013/send", username: "broadcastd", password: "j4smin")
        #expect(destination.rateLimit == jasmin.defaultRate)
        #expect(destination.concurrency == jasmin.defaultRate.concurrency)
        #expect(destination.retryPolicy == Delivery.RetryPolicy.standard)
        #expect(destination.timeout == Destination.defaultTimeout)
        #expect(try destination.dialect.request(for: Fixture.message, now: Fixture.now)
                == jasmin.request(for: Fixture.message, now: Fixture.now))
    }

    @Test func configuredRateWithoutBurstKeepsTheDialectsConcurrency() throws {
        let fixture = try Fixture(secrets: [:])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            endpoint bot
                kind wecom
                url  http://127.0.0.1:13080/wecom/bot/send?key=k
                rate 10/min
            """)
        let destination = try DestinationFactory.make(endpoint: try #require(configuration.endpoint(named: "bot")))
        #expect(destination.kind == .endpoint)
        #expect(destination.rateLimit.buckets == [.perMinute(10)])
        #expect(destination.concurrency == 1)
        #expect(destination.rateLimit.concurrency == 1)
    }

    @Test func httpFormGatewayFillsFromAndAuthenticatesWithBasic() throws {
        let fixture = try Fixture(secrets: ["twilio-token": "t0ken"])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            gateway twilio
                kind     http-form
                url      http://127.0.0.1:13013/2010-04-01/Accounts/AC1/Messages.json
                username AC1
                password secret:twilio-token
                auth     basic
                from     +15005550006
                field    To {to}
                field    From {from}
                field    Body {text}
                header   X-Request-Id {id}
            """)
        let destination = try DestinationFactory.make(gateway: try #require(configuration.gateway(named: "twilio")))
        let request = try destination.dialect.request(for: Fixture.message, now: Fixture.now)
        #expect(request.method == .post)
        #expect(request.header("Authorization") == "Basic " + base64("AC1:t0ken"))
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.header("X-Request-Id") == "d-42")
        #expect(request.bodyText.hasPrefix("To=%2B8613800000001&From=%2B15005550006&Body=%E3%80%90"))
    }

    @Test func httpJSONGatewayKeepsTheBodysKeyOrderAndABearerToken() throws {
        let fixture = try Fixture(secrets: ["sms-token": "bearer-s3cret"])
        defer { fixture.remove() }
        let configuration = try fixture.load(#"""
            gateway json-sms
                kind   http-json
                url    http://127.0.0.1:13013/api/sms
                auth   bearer secret:sms-token
                from   96110
                header Content-Type application/json;charset=utf-8
                json   {"mobile":"{to}","content":"{text}","sign":"{from}","ref":"{id}"}
            """#)
        let destination = try DestinationFactory.make(gateway: try #require(configuration.gateway(named: "json-sms")))
        let request = try destination.dialect.request(for: Fixture.message, now: Fixture.now)
        #expect(request.header("Authorization") == "Bearer bearer-s3cret")
        #expect(request.headers.filter { $0.name.lowercased() == "content-type" }.map(\.value) == ["application/json;charset=utf-8"])
        #expect(request.bodyText == #"{"mobile":"+8613800000001","content":"【江西公安】谨防电信诈骗","sign":"96110","ref":"d-42"}"#)
    }

    @Test(arguments: [
        (#"{"to":"{to}","tags":["a"]}"#, "value that is not a string"),
        (#"{"to":"{to}","n":1}"#, "value that is not a string"),
        (#"{"to":{"n":"{to}"}}"#, "value that is not a string"),
    ])
    /// The parser reads `json` with the factory's own reader, so a body the
    /// factory cannot send fails the config at the json line, not at start-up.
    func httpJSONBodyOfAnotherShapeIsRefusedAtItsLine(body: String, problem: String) throws {
        let text = "schedule campaign.schedule\nstate state\ngateway odd\n    kind http-json\n"
            + "    url  http://127.0.0.1:13013/api/sms\n    json \(body)\n"
        let result = DaemonConfigCheck.load(text: text, directory: NSTemporaryDirectory(), environment: [:])
        #expect(result.configuration == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.location.line == 6 && diagnostic.location.column == 10)
        #expect(diagnostic.message.contains(problem), "\(diagnostic.message)")
    }

    @Test func fromPlaceholderWithoutFromIsAnErrorNamingTheSetting() throws {
        let fixture = try Fixture(secrets: [:])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            gateway form
                kind  http-form
                url   http://127.0.0.1:13013/api/sms
                field sender {from}
            """)
        let error = #expect(throws: DestinationError.self) {
            try DestinationFactory.make(gateway: try #require(configuration.gateway(named: "form")))
        }
        #expect(error?.description.contains("gateway 'form': field sender uses {from}") == true)
    }

    @Test func aSecretWithBracesIsRefusedWithoutShowingIt() throws {
        let fixture = try Fixture(secrets: ["api-key": "k{secretpart}"])
        defer { fixture.remove() }
        let configuration = try fixture.load("""
            gateway form
                kind  http-form
                url   http://127.0.0.1:13013/api/sms
                field to {to}
                field key secret:api-key
            """)
        let error = #expect(throws: DestinationError.self) {
            try DestinationFactory.make(gateway: try #require(configuration.gateway(named: "form")))
        }
        let description = try #require(error?.description)
        #expect(description.contains("gateway 'form': field key holds a secret with braces"))
        #expect(!description.contains("secretpart"))
    }

    /// The loader catches unknown placeholders first; a configuration built another way still gets a clear error.
    @Test func anUnknownPlaceholderIsNamedWithItsGatewayAndField() throws {
        var gateway = GatewayConfiguration(name: "form", kind: .httpForm, url: SecretText(plain: "http://127.0.0.1:13013/api"),
                                           location: SourceLocation(file: "broadcastd.conf", line: 1, column: 1))
        gateway.fields = [NamedValue(name: "to", value: SecretText(plain: "{recipient}"))]
        let error = #expect(throws: DestinationError.self) { try DestinationFactory.make(gateway: gateway) }
        #expect(error?.description == "gateway 'form': field to: unknown placeholder {recipient}; use {to}, {text} or {id}")
    }

    private func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
