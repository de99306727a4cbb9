import Delivery
import Synchronization
@testable import GatewaySimulator
import Testing

/// `--stop-after PORT:COUNT`, as `make demo` stops China Mobile's gateway mid-launch:
/// exactly COUNT answers, then the port refuses connections.
struct StopAfterTests {
    @Test func answersItsCountThenRefusesConnections() async throws {
        let stops = Mutex(0)
        let simulator = try await GatewaySimulator.start(recordsRequests: false, stopAfter: 3, onStop: { stops.withLock { $0 += 1 } })
        let transport = HTTPTransport()
        var statuses: [Int] = []
        var failures: [TransportError.Kind] = []
        for index in 0..<5 {
            do {
                statuses.append(try await transport.send(HTTPRequest(method: .get, url: simulator.url("/cgi-bin/sendsms?to=\(index)")),
                                                         timeout: .seconds(5)).status)
            } catch {
                failures.append(error.kind)
            }
        }
        await transport.shutdown()
        await simulator.shutdown()
        #expect(statuses == [202, 202, 202])
        #expect(failures == [.connectionRefused, .connectionRefused], "\(failures)")
        #expect(simulator.log.requestCount == 3, "what it did not answer it did not count")
        #expect(stops.withLock { $0 } == 1)
    }

    /// Requests already on open connections when it stops are closed unanswered:
    /// of many at once, exactly the count is answered and the others fail.
    @Test func concurrentRequestsPastTheCountAreDroppedUnanswered() async throws {
        let simulator = try await GatewaySimulator.start(recordsRequests: false, stopAfter: 10)
        let transport = HTTPTransport()
        let answered = await withTaskGroup(of: Int?.self) { group in
            for index in 0..<30 {
                group.addTask {
                    try? await transport.send(HTTPRequest(method: .get, url: simulator.url("/cgi-bin/sendsms?to=\(index)")),
                                              timeout: .seconds(5)).status
                }
            }
            return await group.reduce(into: [Int]()) { if let status = $1 { $0.append(status) } }
        }
        await transport.shutdown()
        await simulator.shutdown()
        #expect(answered == Array(repeating: 202, count: 10))
        #expect(simulator.log.requestCount == 10)
    }

    @Test(arguments: [("13014:40", 13014, 40), ("13014:0", nil, nil), ("13014", nil, nil), ("x:1", nil, nil), ("1:2:3", nil, nil)])
    func stopAfterIsPortColonCount(text: String, port: Int?, answers: Int?) {
        let parsed = SimulatorCommand.stopping(text)
        #expect(parsed?.port == port && parsed?.answers == answers)
    }

    @Test func stopAfterMustNameAPortTheSimulatorListensOn() {
        #expect((try? SimulatorCommand.parse(["--gateway-port", "13014", "--stop-after", "13014:40"])) != nil)
        #expect((try? SimulatorCommand.parse(["--stop-after", "13099:40"])) == nil)
        #expect((try? SimulatorCommand.parse(["--gateway-port", "13014", "--stop-after", "13014"])) == nil)
    }

    @Test func portLineShowsWhatEachListenerAnswered() {
        #expect(SimulatorCommand.portLine([(13013, 36), (13014, 40)]) == "by port  13013 36  13014 40")
    }
}
