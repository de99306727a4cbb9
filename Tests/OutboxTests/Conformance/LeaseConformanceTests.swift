import Outbox
import Testing

/// Leasing through `DispatchOutbox`: limits, destinations, owners, and lists
/// read in slices from their cursor.
struct LeaseConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func respectsTheLimitAndTheDestination(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let webhook = NewBroadcast(key: Campaign.key(channel: "webhook", audience: "wecom-nanchang"), destination: "wecom-nanchang",
                                   text: "launch", dueAt: now, recipients: .inline(["wecom-nanchang"]))
        _ = try await outbox.enqueue([Campaign.sms(), webhook], now: 0)
        #expect(try await outbox.dueDestinations(now: now) == ["kannel", "wecom-nanchang"])
        #expect(try await outbox.lease(Campaign.request(limit: 2)).count == 2)
        var toWebhook = Campaign.request()
        toWebhook.destination = "wecom-nanchang"
        #expect(try await outbox.lease(toWebhook).map(\.recipient) == ["wecom-nanchang"])
        var toJasmin = Campaign.request()
        toJasmin.destination = "jasmin"
        #expect(try await outbox.lease(toJasmin).isEmpty)
        #expect(try await outbox.lease(Campaign.request()).count == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func releasingByOwnerLeavesOtherOwnersAlone(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        _ = try await outbox.lease(Campaign.request(limit: 1, owner: "a", leaseSeconds: 100))
        _ = try await outbox.lease(Campaign.request(limit: 2, owner: "b", leaseSeconds: 100))
        #expect(try await outbox.releaseLeases(owner: "a") == 1)
        let counts = try #require(try await outbox.only()).counts
        #expect(counts.pending == 1)
        #expect(counts.inFlight == 2)
    }

    @Test(arguments: OutboxBackends.all)
    func aListIsReadInSlicesFromItsCursor(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let list = (0..<25).map { "+86139000000" + String(format: "%02d", $0) }
        _ = try await outbox.enqueue([Campaign.listed("jiangxi", region: "jiangxi")], now: 0)
        var leased: [String] = []
        while true {
            let batch = try await outbox.lease(Campaign.request(limit: 10, source: Lists(["jiangxi": list])))
            if batch.isEmpty { break }
            leased += batch.map(\.recipient)
        }
        #expect(leased == list)
        let status = try #require(try await outbox.only())
        #expect(status.cursor == 25)
        #expect(status.total == 25)
        #expect(status.counts.inFlight == 25)
        #expect(try await outbox.nextDueTime() == nil)
    }

    @Test(arguments: OutboxBackends.all)
    func storedDueDeliveriesGoBeforeFreshOnes(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let lists = Lists(["jiangxi": ["+8613900000001"]])
        _ = try await outbox.enqueue([Campaign.listed("jiangxi", region: "jiangxi", count: 1), Campaign.sms()], now: 0)
        let leases = try await outbox.lease(Campaign.request(limit: 3, source: lists))
        #expect(leases.map(\.recipient).sorted() == Campaign.phones)
        #expect(try await outbox.lease(Campaign.request(limit: 3, source: lists)).map(\.recipient) == ["+8613900000001"])
    }
}
