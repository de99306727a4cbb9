import Outbox
import Testing

/// A route's failovers, recorded with the outcome that ends the delivery:
/// counted on every gateway it left and on the one that carried it, in the
/// same transaction, so an outcome that is refused counts no failover either.
struct FailoverConformanceTests {
    let now = Campaign.launch

    typealias Failovers = (name: String, from: Int64, to: Int64, delivered: Int64, failed: Int64)

    static func failovers(_ outbox: any OutboxBackend, at now: Int64) async throws -> [Failovers] {
        try await outbox.snapshot(at: now).destinations.map { ($0.name, $0.failedOverFrom, $0.failedOverTo, $0.delivered, $0.failed) }
    }

    @Test(arguments: OutboxBackends.all)
    func countsEachFailoverOnTheGatewaysItLeftAndTheOneThatCarriedIt(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await RecordConformanceTests.leased(backend)
        let outbox = subject.outbox
        let summary = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now, gateway: "agg-gw",
                    failedOverFrom: ["cm-gw"]),
            Outcome(delivery: leases[1].id, result: .delivered(gatewayMessageID: nil), at: now, gateway: "cm-gw"),
            Outcome(delivery: leases[2].id, result: .retry(at: now + 60, reason: "http 503"), at: now, gateway: "agg-gw",
                    failedOverFrom: ["cm-gw", "ct-gw"]),
        ], owner: "d")
        #expect(summary.applied == 3)
        let counts = try await Self.failovers(outbox, at: now)
        #expect(counts.contains { $0 == ("cm-gw", 2, 0, 1, 0) }, "\(counts)")
        #expect(counts.contains { $0 == ("ct-gw", 1, 0, 0, 0) }, "\(counts)")
        #expect(counts.contains { $0 == ("agg-gw", 0, 2, 1, 1) }, "\(counts)")
    }

    @Test(arguments: OutboxBackends.all)
    func aRefusedOutcomeCountsNoFailover(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await RecordConformanceTests.leased(backend, owner: "a")
        let outbox = subject.outbox
        let summary = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .dead(reason: "http 503"), at: now, gateway: "agg-gw", failedOverFrom: ["cm-gw"]),
        ], owner: "b")
        #expect(summary.refused == [leases[0].id])
        let counts = try await Self.failovers(outbox, at: now)
        #expect(counts.allSatisfy { $0.from == 0 && $0.to == 0 }, "\(counts)")
    }

    @Test(arguments: OutboxBackends.all)
    func failoversAddUpOverBatches(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await RecordConformanceTests.leased(backend)
        let outbox = subject.outbox
        for lease in leases {
            _ = try await outbox.record([Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now,
                                                 gateway: "agg-gw", failedOverFrom: ["cm-gw"])], owner: "d")
        }
        let counts = try await Self.failovers(outbox, at: now)
        #expect(counts.contains { $0 == ("cm-gw", 3, 0, 0, 0) } && counts.contains { $0 == ("agg-gw", 0, 3, 3, 0) }, "\(counts)")
    }
}
