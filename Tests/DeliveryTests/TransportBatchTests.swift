import Delivery
import GatewaySimulator
import Testing

/// `HTTPTransport.start` hands a batch over at once and reports each transfer's
/// end exactly once through its callback; `cancel` ends running ones early.
@Suite(.timeLimit(.minutes(1)))
struct TransportBatchTests {
    /// Collects callback ends and lets a test await a number of them.
    final class Ends: Sendable {
        let stream: AsyncStream<(HTTPTransport.TransferID, Result<HTTPResponse, TransportError>)>
        let continuation: AsyncStream<(HTTPTransport.TransferID, Result<HTTPResponse, TransportError>)>.Continuation

        init() {
            (stream, continuation) = AsyncStream.makeStream()
        }

        func first(_ count: Int) async -> [(HTTPTransport.TransferID, Result<HTTPResponse, TransportError>)] {
            var ends: [(HTTPTransport.TransferID, Result<HTTPResponse, TransportError>)] = []
            for await end in stream {
                ends.append(end)
                if ends.count == count { break }
            }
            return ends
        }
    }

    @Test func everyRequestOfABatchEndsOnceWithItsOwnID() async throws {
        try await withTransportAndSimulator { transport, simulator in
            let ends = Ends()
            let requests = (0..<5).map { jsonPost(simulator.url("/hook/\($0)"), "{}") }
            let ids = transport.start(requests, timeout: .seconds(10)) { id, result in ends.continuation.yield((id, result)) }
            let received = await ends.first(5)
            #expect(Set(ids).count == 5)
            #expect(Set(received.map(\.0)) == Set(ids))
            #expect(received.allSatisfy { (try? $0.1.get().status) == 200 })
            #expect(Set(simulator.log.requests.map { String($0.path) }) == Set((0..<5).map { "/hook/\($0)" }))
        }
    }

    @Test func cancellingABatchEndsItsHangingTransfersAsCancelled() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang, .hang], for: "/slow")
            let ends = Ends()
            let ids = transport.start([jsonPost(simulator.url("/slow"), "{}"), jsonPost(simulator.url("/slow"), "{}")],
                                      timeout: .seconds(30)) { id, result in ends.continuation.yield((id, result)) }
            // The second may still wait inside curl for a connection (curl waits to learn
            // whether the first can multiplex); it is cancelled all the same.
            _ = await simulator.log.waitForRequests(1)
            let clock = ContinuousClock()
            let cancelled = clock.now
            transport.cancel(ids)
            let received = await ends.first(2)
            // Long before the 30 s timeout, with room for a loaded machine.
            #expect(clock.now - cancelled < .seconds(15))
            #expect(Set(received.map(\.0)) == Set(ids))
            for end in received {
                #expect(throws: TransportError(.other, "cancelled")) { try end.1.get() }
            }
        }
    }

    @Test func aBatchAfterShutdownEndsAtOnceAsShutDown() async throws {
        let transport = HTTPTransport()
        await transport.shutdown()
        let ends = Ends()
        let ids = transport.start([HTTPRequest(method: .get, url: "http://127.0.0.1:9/")]) { id, result in
            ends.continuation.yield((id, result))
        }
        let received = await ends.first(1)
        #expect(received.map(\.0) == ids)
        #expect(throws: TransportError(.other, "transport shut down")) { try received[0].1.get() }
    }
}
