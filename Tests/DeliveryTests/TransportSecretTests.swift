@testable import Delivery
import GatewaySimulator
import Testing

/// Secrets travel in URLs (WeCom's `?key=`, tokens in paths, user:password@) and bodies; no error text may carry them.
@Suite(.timeLimit(.minutes(1)))
struct TransportSecretTests {
    static let secret = "SECRETKEY-9f8e7d"

    @Test(arguments: [
        "http://127.0.0.1:PORT/cgi-bin/webhook/send?key=SECRETKEY-9f8e7d",
        "http://127.0.0.1:PORT/bot/SECRETKEY-9f8e7d/send",
        "http://user:SECRETKEY-9f8e7d@127.0.0.1:PORT/send",
        "http://no-such-host.invalid/send?key=SECRETKEY-9f8e7d",
    ])
    func failedTransferErrorsNeverContainTheURLsSecret(template: String) async throws {
        let closed = try await GatewaySimulator.start()
        let port = closed.port
        await closed.shutdown()
        let transport = HTTPTransport(configuration: .init(connectTimeout: .seconds(2), defaultTimeout: .seconds(3)))
        let request = jsonPost(template.replacing("PORT", with: String(port)), #"{"password":"\#(Self.secret)"}"#)
        let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
        await transport.shutdown()
        let text = try #require(error).description
        #expect(!text.contains(Self.secret))
        #expect(!text.isEmpty)
    }

    @Test func timeoutErrorNeverContainsTheQueryOrBody() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang], for: "/send")
            let request = jsonPost(simulator.url("/send?key=\(Self.secret)"), #"{"token":"\#(Self.secret)"}"#)
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(request, timeout: .milliseconds(200))
            }
            #expect(error?.kind == .timedOut)
            #expect(error?.description.contains(Self.secret) == false)
        }
    }

    @Test(arguments: [
        ("Could not resolve host: x; url http://h/send?key=abcd1234 failed", "http://h/send?key=abcd1234"),
        ("bad query key=abcd1234 here", "http://h/send?key=abcd1234"),
        ("user info alice:pw-123456 leaked", "http://alice:pw-123456@h/send"),
        ("path /hooks/T000/B000/XXXX1234 leaked", "https://hooks.example/hooks/T000/B000/XXXX1234"),
    ])
    func redactionRemovesEveryURLPartThatMayHoldASecret(message: String, url: String) {
        let redacted = TransportError.redacting(message, secretsOf: url)
        #expect(!redacted.contains("abcd1234"))
        #expect(!redacted.contains("pw-123456"))
        #expect(!redacted.contains("XXXX1234"))
        #expect(redacted.contains("[redacted]"))
    }

    @Test func redactionKeepsHostAndPort() {
        let message = "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server"
        #expect(TransportError.redacting(message, secretsOf: "http://127.0.0.1:9/send?key=abcd1234") == message)
    }
}
