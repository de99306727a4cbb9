import Delivery
import GatewaySimulator
import Testing

/// What a broken or hostile peer does to a transfer: always a response or a typed error, bounded in time and memory.
@Suite(.timeLimit(.minutes(1)))
struct TransportFaultTests {
    @Test func resetMidResponseIsATypedResetError() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.resetMidResponse], for: "/hook")
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            }
            #expect(error?.kind == .connectionReset)
        }
    }

    @Test func hangPastTheTimeoutIsTimedOutWithinTheBound() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang], for: "/hook")
            let clock = ContinuousClock()
            let started = clock.now
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(jsonPost(simulator.url("/hook"), "{}"), timeout: .milliseconds(300))
            }
            let elapsed = clock.now - started
            #expect(error?.kind == .timedOut)
            // curl keeps time in whole milliseconds, so it may fire a hair early.
            #expect(elapsed >= .milliseconds(250))
            // The hang would last forever: ending at all proves the timeout, and a loaded
            // machine may be slow to schedule the poll thread, so the bound is loose.
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func slowBodyCompletesWithinTheTimeout() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let text = "3: Queued for later delivery 稍后发送"
            simulator.script([.slowBody(text, chunkDelayMilliseconds: 10)], for: "/hook")
            let response = try await transport.send(jsonPost(simulator.url("/hook"), "{}"), timeout: .seconds(10))
            #expect(response.status == 200)
            #expect(response.bodyText == text)
            #expect(response.latency >= 0.1)
        }
    }

    @Test func slowBodyPastTheTimeoutIsTimedOut() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.slowBody(String(repeating: "x", count: 400), chunkDelayMilliseconds: 20)], for: "/hook")
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(jsonPost(simulator.url("/hook"), "{}"), timeout: .milliseconds(200))
            }
            #expect(error?.kind == .timedOut)
        }
    }

    @Test func tenMegabyteBodyIsCutAtTheCap() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hugeBody(bytes: 10 * 1024 * 1024)], for: "/hook")
            let response = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            #expect(response.status == 200)
            #expect(response.bodyTruncated)
            #expect(response.body.count == transport.configuration.maxResponseBody)
            #expect(response.body.allSatisfy { $0 == UInt8(ascii: "x") })
            // The connection was dropped, not drained; the next transfer still works.
            #expect(try await transport.send(jsonPost(simulator.url("/hook"), "{}")).status == 200)
        }
    }

    @Test func bodyExactlyAtTheCapIsNotTruncated() async throws {
        try await withTransportAndSimulator(configuration: .init(maxResponseBody: 1000)) { transport, simulator in
            simulator.script([.hugeBody(bytes: 1000)], for: "/hook")
            let response = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            #expect(response.body.count == 1000)
            #expect(!response.bodyTruncated)
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let port = try await closedPort()
        let transport = HTTPTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(jsonPost("http://127.0.0.1:\(port)/hook", "{}"))
        }
        await transport.shutdown()
        #expect(error?.kind == .connectionRefused)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "not a url"])
    func nonHTTPURLsAreRefusedAsInvalid(url: String) async throws {
        let transport = HTTPTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: .get, url: url))
        }
        await transport.shutdown()
        #expect(error?.kind == .invalidRequest)
    }

    @Test func headerWithALineBreakIsRejectedWithoutEchoingIt() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let request = jsonPost(simulator.url("/hook"), "{}", headers: [(name: "Authorization", value: "Bearer s3cr3t\r\nX-Evil: 1")])
            let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
            #expect(error?.kind == .invalidRequest)
            #expect(error?.description.contains("s3cr3t") == false)
            #expect(simulator.log.requestCount == 0)
        }
    }

    /// A port that was just free: bind it with the simulator, then stop it.
    private func closedPort() async throws -> Int {
        let simulator = try await GatewaySimulator.start()
        let port = simulator.port
        await simulator.shutdown()
        return port
    }
}
