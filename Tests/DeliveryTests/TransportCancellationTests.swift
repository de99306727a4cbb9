import Delivery
import GatewaySimulator
import Testing

/// Cancelling the calling task ends its transfer at once and leaves the transport usable.
@Suite(.timeLimit(.minutes(1)))
struct TransportCancellationTests {
    @Test func cancellingARunningTransferEndsItLongBeforeItsTimeout() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang], for: "/hook")
            let sending = Task { try await transport.send(jsonPost(simulator.url("/hook"), "{}"), timeout: .seconds(30)) }
            _ = await simulator.log.waitForRequests(1)
            let clock = ContinuousClock()
            let cancelled = clock.now
            sending.cancel()
            let result = await sending.result
            #expect(clock.now - cancelled < .seconds(5))
            #expect(throws: TransportError(.other, "cancelled")) { try result.get() }
            let next = try await transport.send(jsonPost(simulator.url("/hook"), "{}"))
            #expect(next.status == 200)
        }
    }

    @Test func aTaskCancelledBeforeSendingGetsCancelled() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang], for: "/hook")
            let sending = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(jsonPost(simulator.url("/hook"), "{}"), timeout: .seconds(30))
            }
            await #expect(throws: TransportError(.other, "cancelled")) { try await sending.value }
        }
    }

    @Test func cancellingOneOfManyLeavesTheOthersAlone() async throws {
        try await withTransportAndSimulator { transport, simulator in
            simulator.script([.hang], for: "/slow")
            let hanging = Task { try await transport.send(jsonPost(simulator.url("/slow"), "{}"), timeout: .seconds(30)) }
            _ = await simulator.log.waitForRequests(1)
            async let others = withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await transport.send(jsonPost(simulator.url("/fast"), "{}")).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            hanging.cancel()
            let statuses = try await others
            #expect(statuses == Array(repeating: 200, count: 20))
            await #expect(throws: TransportError.self) { try await hanging.value }
        }
    }
}
