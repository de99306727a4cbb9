import Outbox
import Testing

/// `SchedulingOutbox.enqueue`: an occurrence enqueued again after its sends
/// sends nothing twice, and a number listed twice inline is one delivery.
struct EnqueueConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func reEnqueueAfterDeliverySendsNothingTwice(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record(Campaign.delivered(leases), owner: "d")
        _ = try await outbox.enqueue([Campaign.sms()], now: now)
        #expect(try await outbox.lease(Campaign.request(now: now + 60)).isEmpty)
        #expect(try await outbox.only()?.counts.delivered == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func aNumberListedTwiceIsOneDeliveryAndCounted(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let summary = try await outbox.enqueue([Campaign.sms(recipients: Campaign.phones + [Campaign.phones[0]])], now: 0)
        #expect(summary.deliveries == 3)
        let status = try #require(try await outbox.only())
        #expect(status.duplicates == 1)
        #expect(status.total == 4)
        #expect(status.counts.pending == 3)
    }
}
