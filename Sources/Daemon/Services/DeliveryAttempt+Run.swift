import Delivery
import DispatchRules

extension DeliveryAttempt {
    /// One attempt from start to verdict on its own (the dispatcher starts whole
    /// batches through `DispatchTransfers` instead): for the report tests and
    /// any caller with a single delivery.
    func run(transport: HTTPTransport, clock: some WallTimeClock) async -> DispatchCompletion {
        let startedAt = clock.now.timeIntervalSince1970
        switch request(now: startedAt) {
        case .failure(let refusal):
            return await conclude(refusal, startedAt: startedAt, endedAt: clock.now.timeIntervalSince1970)
        case .success(let request):
            let result: Result<HTTPResponse, TransportError>
            do {
                result = .success(try await transport.send(request, timeout: destination.timeout))
            } catch {
                if Task.isCancelled { return abandoned(startedAt: startedAt) }
                result = .failure(error)
            }
            let endedAt = clock.now.timeIntervalSince1970
            return await conclude(verdict(for: result, now: endedAt), startedAt: startedAt, endedAt: endedAt)
        }
    }
}
