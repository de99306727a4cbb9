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
        try await withTransportAndSimulator { transport, simulator in
            var request = jsonPost("https://127.0.0.1:\(simulator.port)/hook", "{}")
            request.caFile = "/nonexistent/broadcastd-ca.pem"
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(request)
            }
            #expect(error?.kind == .tls)
            #expect(simulator.log.requestCount == 0)
        }
    }
}

/// A real TLS peer on 127.0.0.1 whose certificate comes from a private CA.
@Suite(.serialized, .timeLimit(.minutes(1)), .enabled(if: TLSFront.isAvailable))
struct TransportPrivateCATests {
    @Test func aRequestsCAFileTrustsAPrivateCA() async throws {
        try await withFront { transport, front, simulator in
            var request = jsonPost(front.baseURL + "/hook", "{}")
            request.caFile = front.caFile
            let response = try await transport.send(request)
            #expect(response.status == 200)
            #expect(simulator.log.requestCount == 1)
        }
    }

    /// Each request names its own CA, so one transport serves gateways on
    /// different PKIs; a connection verified against one CA must not carry a
    /// request that trusts another, in either order.
    @Test func aConnectionVerifiedAgainstOneCAIsNeverReusedForAnother() async throws {
        try await withFront { transport, front, simulator in
            var trusted = jsonPost(front.baseURL + "/hook", "{}")
            trusted.caFile = front.caFile
            let systemStore = jsonPost(front.baseURL + "/hook", "{}")

            let first = try await transport.send(trusted)
            let refused = await #expect(throws: TransportError.self) { try await transport.send(systemStore) }
            #expect(refused?.kind == .tls)
            let second = try await transport.send(trusted)
            let third = try await transport.send(trusted)
            #expect([first.status, second.status, third.status] == [200, 200, 200])
            let refusedAgain = await #expect(throws: TransportError.self) { try await transport.send(systemStore) }
            #expect(refusedAgain?.kind == .tls)
            #expect(simulator.log.requestCount == 3)
        }
    }

    /// Each TLS failure keeps curl's detail and says what to do; the verdict's
    /// reason names the problem in fixed words (no host, no URL).
    @Test(arguments: [
        (TLSFront.Certificate.valid, false, TLSProblem.untrustedIssuer, "ca-file"),
        (.otherHost, true, .hostnameMismatch, "host name"),
        (.expired, true, .expired, "expired"),
    ])
    func aTLSFailureCarriesCurlsDetailAndAHint(certificate: TLSFront.Certificate, trustCA: Bool, problem: TLSProblem,
                                              hint: String) async throws {
        try await withFront(certificate: certificate) { transport, front, simulator in
            var request = jsonPost(front.baseURL + "/hook?key=abcdef-secret", "{}")
            if trustCA { request.caFile = front.caFile }
            let error = try #require(await #expect(throws: TransportError.self) { try await transport.send(request) })
            #expect(error.kind == .tls)
            #expect(error.tlsProblem == problem, "\(error)")
            #expect(error.message.contains("certificate") || error.message.contains("SSL"), "\(error.message)")
            #expect(error.description.contains(hint), "\(error.description)")
            #expect(!error.description.contains("abcdef-secret"))
            #expect(Verdict(error).reason == "tls: \(problem.rawValue)")
            #expect(simulator.log.requestCount == 0)
        }
    }

    private func withFront(certificate: TLSFront.Certificate = .valid,
                           _ body: (HTTPTransport, TLSFront, GatewaySimulator) async throws -> Void) async throws {
        try await withTransportAndSimulator { transport, simulator in
            let front = try TLSFront(upstreamPort: simulator.port, certificate: certificate)
            defer { front.stop() }
            try await body(transport, front, simulator)
        }
    }
}
