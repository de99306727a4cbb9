import DaemonConfig
import Delivery
import Foundation
import Testing
@testable import Loading

/// With `reports` on, the factory's gateways ask for reports at the listener and
/// generic gateways read their `unsubscribe-status` codes.
struct ReportCallbackTests {
    typealias Fixture = DestinationFixture
    static let token = "0123456789abcdef0123"

    static func configuration(_ fixture: Fixture) throws -> DaemonConfiguration {
        try fixture.load("""
            reports        127.0.0.1:8471
            reports-token  secret:reports-token

            gateway kannel-main
                kind     kannel
                url      http://127.0.0.1:13013/cgi-bin/sendsms
                username broadcastd
                password secret:reports-token

            gateway jasmin-1
                kind     jasmin
                url      http://127.0.0.1:1401/send
                username broadcastd
                password secret:reports-token

            gateway twilio-like
                kind     http-form
                url      http://127.0.0.1:9/Messages.json
                field    To {to}
                unsubscribe-status 21610
            """)
    }

    @Test func kannelAndJasminAskForReportsAtTheListener() throws {
        let fixture = try Fixture(secrets: ["reports-token": Self.token])
        defer { fixture.remove() }
        let destinations = try DestinationFactory.makeAll(configuration: try Self.configuration(fixture))
        let kannel = try #require(destinations["kannel-main"]).dialect.request(for: Fixture.message, now: Fixture.now)
        let listener = "http%3A%2F%2F127.0.0.1%3A8471%2F\(Self.token)%2Fkannel%2Fdlr%3Fgateway%3Dkannel-main%26id%3Dd-42"
        #expect(kannel.url.contains("&dlr-mask=19&dlr-url=\(listener)"))
        let jasmin = try #require(destinations["jasmin-1"]).dialect.request(for: Fixture.message, now: Fixture.now)
        #expect(jasmin.bodyText.contains("dlr-url=http%3A%2F%2F127.0.0.1%3A8471%2F\(Self.token)%2Fjasmin%2Fdlr"))
    }

    @Test func aGenericGatewaysCodeMeansUnsubscribed() throws {
        let fixture = try Fixture(secrets: ["reports-token": Self.token])
        defer { fixture.remove() }
        let destinations = try DestinationFactory.makeAll(configuration: try Self.configuration(fixture))
        let dialect = try #require(destinations["twilio-like"]).dialect
        let answer = HTTPResponse(status: 400, headers: [:], body: Array(#"{"code":21610}"#.utf8), bodyTruncated: false, latency: 0)
        #expect(dialect.verdict(for: answer, now: 0) == .unsubscribed(reason: "http-form 400 unsubscribed recipient (code 21610)"))
    }
}
