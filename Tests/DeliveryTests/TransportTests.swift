import Delivery
import GatewaySimulator
import Testing

/// Real transfers through libcurl to the simulator on 127.0.0.1.
@Suite(.timeLimit(.minutes(1)))
struct TransportTests {
    @Test func postArrivesIntactWithMethodPathQueryHeadersAndChineseBody() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let text = #"{"msgtype":"text","text":{"content":"【春风行动】警惕电信诈骗，不要向陌生账户转账。"}}"#
            let request = jsonPost(
                simulator.url("/cgi-bin/webhook/send?key=abc-123&debug=1"), text,
                headers: [(name: "X-Broadcast-Delivery", value: "d-42"), (name: "Authorization", value: "Bearer t0ken")]
            )
            let response = try await transport.send(request)

            #expect(response.status == 200)
            #expect(response.bodyText == #"{"errcode":0,"errmsg":"ok"}"#)
            #expect(response.headers["content-type"] == "application/json")
            #expect(!response.bodyTruncated)
            let received = try #require(simulator.log.requests.first)
            #expect(received.method == "POST")
            #expect(received.path == "/cgi-bin/webhook/send")
            #expect(received.query == "key=abc-123&debug=1")
            #expect(received.header("content-type") == "application/json; charset=utf-8")
            #expect(received.header("x-broadcast-delivery") == "d-42")
            #expect(received.header("authorization") == "Bearer t0ken")
            #expect(received.header("expect") == nil)
            #expect(received.bodyText == text)
            #expect(received.body == Array(text.utf8))
        }
    }

    @Test func getReachesTheKannelDefault() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let url = simulator.url("/cgi-bin/sendsms?username=u&to=%2B8613800000000&text=%E6%98%A5%E9%A3%8E")
            let response = try await transport.send(HTTPRequest(method: .get, url: url))
            #expect(response.status == 202)
            #expect(response.bodyText == "0: Accepted for delivery")
            let received = try #require(simulator.log.requests.first)
            #expect(received.method == "GET")
            #expect(received.query == "username=u&to=%2B8613800000000&text=%E6%98%A5%E9%A3%8E")
            #expect(received.body.isEmpty)
        }
    }

    @Test func handleReusedForGetAfterPostSendsNoBody() async throws {
        try await withTransportAndSimulator(configuration: .init(maxConnections: 1)) { transport, simulator in
            _ = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            _ = try await transport.send(HTTPRequest(method: .get, url: simulator.url("/cgi-bin/sendsms")))
            let requests = simulator.log.requests
            #expect(requests.map(\.method) == ["POST", "GET"])
            #expect(requests[1].body.isEmpty)
        }
    }

    @Test func emptyPostSendsAnEmptyBody() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let response = try await transport.send(HTTPRequest(method: .post, url: simulator.url("/cgi-bin/sendsms")))
            #expect(response.status == 202)
            let received = try #require(simulator.log.requests.first)
            #expect(received.method == "POST")
            #expect(received.header("content-length") == "0")
            #expect(received.body.isEmpty)
        }
    }

    @Test(arguments: [
        (SimulatedResponse.status(500, body: "boom"), 500, "retry-after", nil as String?),
        (.status(503, headers: ["Retry-After": "120"], body: "busy"), 503, "retry-after", "120"),
        (.status(429, headers: ["Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"]), 429, "retry-after", "Wed, 21 Oct 2026 07:28:00 GMT"),
        (.status(400, headers: ["X-Error-Code": "E17"], body: "3: bad request"), 400, "x-error-code", "E17"),
        (.status(302, headers: ["Location": "http://127.0.0.1:1/elsewhere"]), 302, "location", "http://127.0.0.1:1/elsewhere"),
    ])
    func statusAndHeadersAreSurfacedNotThrown(scripted: SimulatedResponse, status: Int, header: String, value: String?) async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([scripted], for: "/hook")
            let response = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            #expect(response.status == status)
            #expect(response.headers[header] == value)
            // The script is used once, then the default answers again; a 302 was not followed.
            #expect(try await transport.send(jsonPost(simulator.url("/hook"), "{}")).status == 200)
            #expect(simulator.log.requestCount == 2)
        }
    }

    @Test func repeatedHeaderFieldsAreJoined() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.status(200, headers: ["X-A": "1"], body: "ok")], for: "/hook")
            let response = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            #expect(response.headers["x-a"] == "1")
            #expect(response.headers["content-length"] == "2")
            #expect(response.latency > 0)
        }
    }

    @Test func sendAfterShutdownFailsAtOnce() async throws {
        let transport = HTTPTransport()
        await transport.shutdown()
        await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .get, url: "http://127.0.0.1:1/"))
        }
    }
}
