import Delivery
import GatewaySimulator
import Testing

/// The simulator itself: defaults, scripts, the log and counting mode.
@Suite(.timeLimit(.minutes(1)))
struct SimulatorTests {
    @Test(arguments: [
        (HTTPRequest.Method.get, "/cgi-bin/sendsms?to=1", 202, "0: Accepted for delivery"),
        (.post, "/cgi-bin/sendsms", 202, "0: Accepted for delivery"),
        (.post, "/cgi-bin/webhook/send?key=k", 200, #"{"errcode":0,"errmsg":"ok"}"#),
        (.get, "/elsewhere", 404, "not found"),
    ])
    func defaultsPlayKannelAndAWebhookSink(method: HTTPRequest.Method, path: String, status: Int, body: String) async throws {
        try await withTransportAndSimulator { transport, simulator in
            let response = try await transport.send(HTTPRequest(method: method, url: simulator.url(path)))
            #expect(response.status == status)
            #expect(response.bodyText == body)
        }
    }

    @Test func scriptIsPerPathAndUsedInOrder() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.status(503), .status(429)], for: "/a")
            let statuses = [
                try await transport.send(jsonPost(simulator.url("/b"), "{}")).status,
                try await transport.send(jsonPost(simulator.url("/a?x=1"), "{}")).status,
                try await transport.send(jsonPost(simulator.url("/a"), "{}")).status,
                try await transport.send(jsonPost(simulator.url("/a"), "{}")).status,
            ]
            #expect(statuses == [200, 503, 429, 200])
        }
    }

    @Test func waitingForRequestsReturnsOnceTheyArrive() async throws {
        try await withTransportAndSimulator { transport, simulator in
            async let waited = simulator.log.waitForRequests(3)
            for index in 0..<3 {
                _ = try await transport.send(jsonPost(simulator.url("/hook"), #"{"n":\#(index)}"#))
            }
            let requests = await waited
            #expect(requests.map(\.bodyText) == [#"{"n":0}"#, #"{"n":1}"#, #"{"n":2}"#])
        }
    }

    @Test func connectionCloseIsHonouredAndCounted() async throws {
        try await withTransportAndSimulator { transport, simulator in
            for _ in 0..<3 {
                let request = jsonPost(simulator.url("/hook"), "{}", headers: [(name: "Connection", value: "close")])
                let response = try await transport.send(request)
                #expect(response.headers["connection"] == "close")
            }
            #expect(simulator.log.requestCount == 3)
            #expect(simulator.log.connectionCount == 3)
        }
    }

    @Test func countingModeCountsWithoutKeeping() async throws {
        try await withTransportAndSimulator(recordsRequests: false) { transport, simulator in
            for _ in 0..<5 {
                _ = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            }
            #expect(simulator.log.requestCount == 5)
            #expect(simulator.log.requests.isEmpty)
        }
    }
}
