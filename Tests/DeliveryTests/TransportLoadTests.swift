import Delivery
import GatewaySimulator
import Testing

/// Many transfers in flight over few, reused connections.
@Suite(.timeLimit(.minutes(1)))
struct TransportLoadTests {
    @Test func fiveHundredConcurrentSendsAllComplete() async throws {
        try await withTransportAndSimulator(configuration: .init(maxConnections: 32, defaultTimeout: .seconds(20))) { transport, simulator in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<500 {
                    group.addTask {
                        try await transport.send(jsonPost(simulator.url("/hook/\(index)"), #"{"n":\#(index)}"#)).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 500)
            #expect(statuses.allSatisfy { $0 == 200 })
            let received = await simulator.log.waitForRequests(500)
            #expect(Set(received.map(\.uri)).count == 500)
            #expect(simulator.log.connectionCount <= 32)
            #expect(transport.statistics.transfers == 500)
        }
    }

    @Test func sequentialSendsReuseOneConnection() async throws {
        try await withTransportAndSimulator { transport, simulator in
            for index in 0..<50 {
                _ = try await transport.send(jsonPost(simulator.url("/hook"), #"{"n":\#(index)}"#))
            }
            #expect(simulator.log.requestCount == 50)
            #expect(simulator.log.connectionCount == 1)
            #expect(transport.statistics.connectionsOpened == 1)
        }
    }

    /// Between sends the transfer thread sleeps in epoll with nothing to watch; each
    /// send must wake it through the eventfd, not wait out the loop's one-second bound.
    @Test func eachSendToAnIdleTransportStartsAtOnce() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let clock = ContinuousClock()
            var slowest = Duration.zero
            for index in 0..<10 {
                let started = clock.now
                _ = try await transport.send(jsonPost(simulator.url("/hook"), #"{"n":\#(index)}"#))
                slowest = max(slowest, clock.now - started)
            }
            #expect(slowest < .milliseconds(500))
            #expect(simulator.log.requestCount == 10)
        }
    }
}
