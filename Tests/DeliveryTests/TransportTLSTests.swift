import Delivery
import GatewaySimulator
import Testing

/// TLS is always verified; failures to set it up are `.tls`, never a silent plain-text fallback.
@Suite(.timeLimit(.minutes(1)))
struct TransportTLSTests {
    @Test func httpsToAPlainHTTPPeerIsATLSError() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let url = "https://127.0.0.1:\(simulator.port)/hook"
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(jsonPost(url, "{}"))
            }
            #expect(error?.kind == .tls)
        }
    }

    @Test func unreadableCAFileIsATLSError() async throws {
        try await withTransportAndSimulator(configuration: .init(caFile: "/nonexistent/broadcastd-ca.pem")) { transport, simulator in
            let url = "https://127.0.0.1:\(simulator.port)/hook"
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(jsonPost(url, "{}"))
            }
            #expect(error?.kind == .tls)
            #expect(simulator.log.requestCount == 0)
        }
    }
}
