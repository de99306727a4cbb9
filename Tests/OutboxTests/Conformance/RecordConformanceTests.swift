import Outbox
import Testing

/// Recording outcomes through `DispatchOutbox.record`: each kind of outcome,
/// the attempt log, who may record what, and that a delivery counts once.
struct RecordConformanceTests {
    let now = Campaign.launch

    /// An outbox with the three-number broadcast enqueued and leased by `owner`, leases by number.
    static func leased(_ backend: BackendFactory, owner: String = "d") async throws -> (Subject, [Lease]) {
        let subject = try await Subject(backend)
        _ = try await subject.outbox.enqueue([Campaign.sms()], now: 0)
        let leases = try await subject.outbox.lease(Campaign.request(limit: 10, owner: owner))
        return (subject, leases.sorted { $0.recipient < $1.recipient })
    }

    @Test(arguments: OutboxBackends.all)
    func appliesEachKindOfOutcomeAndRecordsTheAttempt(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        let summary = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: "gw-1"), at: now + 1, httpStatus: 202, latencyMilliseconds: 12),
            Outcome(delivery: leases[1].id, result: .retry(at: now + 60, reason: "http 503"), at: now + 1, httpStatus: 503, latencyMilliseconds: 40),
            Outcome(delivery: leases[2].id, result: .dead(reason: "http 400 bad number"), at: now + 2, httpStatus: 400),
        ], owner: "d")
        #expect(summary.applied == 3)
        #expect(summary.refused.isEmpty)
        let counts = try #require(try await outbox.only()).counts
        #expect(counts.delivered == 1 && counts.retrying == 1 && counts.dead == 1 && counts.total == 3)

        let log = try await outbox.log(LogQuery())
        #expect(log.map(\.outcome) == [.dead, .retrying, .delivered])
        let delivered = try #require(log.last)
        #expect(delivered.gatewayMessageID == "gw-1")
        #expect(delivered.httpStatus == 202)
        #expect(delivered.latencyMilliseconds == 12)
        #expect(delivered.key == Campaign.key().deliveryKey(recipient: leases[0].recipient))
        #expect(log.first?.reason == "http 400 bad number")
    }

    @Test(arguments: OutboxBackends.all)
    func leasesAndLogEntriesPrintNoPhoneNumber(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let lease = try #require(leases.first)
        _ = try await subject.outbox.record([Outcome(delivery: lease.id, result: .dead(reason: "http 400"), at: now)], owner: "d")
        let entry = try #require(try await subject.outbox.log(LogQuery()).first)
        let number = String(lease.recipient.dropFirst(3))
        for text in [String(describing: lease), String(reflecting: lease), String(describing: entry), String(reflecting: entry)] {
            #expect(!text.contains(number), "\(text)")
            #expect(text.contains(maskedPhone(lease.recipient)))
        }
    }

    @Test(arguments: OutboxBackends.all)
    func aRetryIsDueAgainAtItsTimeNotBefore(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        let lease = try #require(leases.first)
        _ = try await outbox.record([Outcome(delivery: lease.id, result: .retry(at: now + 60, reason: "timeout"), at: now)], owner: "d")
        #expect(try await outbox.lease(Campaign.request(now: now + 59)).isEmpty)
        #expect(try await outbox.nextDueTime() == now + 60)
        #expect(try await outbox.lease(Campaign.request(now: now + 60)).map(\.id) == [lease.id])
    }

    @Test(arguments: OutboxBackends.all)
    func refusesOutcomesForLeasesItDoesNotHold(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend, owner: "a")
        let outbox = subject.outbox
        let unknown: Int64 = 999_999_999
        let summary = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .dead(reason: "x"), at: now),
            Outcome(delivery: unknown, result: .delivered(gatewayMessageID: nil), at: now),
        ], owner: "b")
        #expect(summary.applied == 0)
        #expect(summary.refused == [leases[0].id, unknown])
        #expect(try await outbox.log(LogQuery()).isEmpty)
        #expect(try await outbox.only()?.counts.inFlight == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func neverCountsADeliveryTwice(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let lease = try #require(leases.first)
        let delivered = Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now)
        #expect(try await subject.outbox.record([delivered, delivered], owner: "d").refused == [lease.id])
        #expect(try await subject.outbox.only()?.counts.delivered == 1)
    }

    @Test(arguments: OutboxBackends.all, [
        Outcome.Result.retry(at: 0, reason: "late"),
        .dead(reason: "late"),
        .skipped(.optedOut),
    ])
    func aDeadDeliveryTakesNoOutcome(_ backend: BackendFactory, result: Outcome.Result) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let lease = try #require(leases.first)
        _ = try await subject.outbox.record([Outcome(delivery: lease.id, result: .dead(reason: "http 401"), at: now)], owner: "d")
        #expect(try await subject.outbox.record([Outcome(delivery: lease.id, result: result, at: now)], owner: "d").refused == [lease.id])
    }

    @Test(arguments: OutboxBackends.all)
    func aSuccessAfterTheLeaseExpiredStillCounts(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        let lease = try #require(leases.first)
        _ = try await outbox.releaseExpiredLeases(now: now + 30)
        let summary = try await outbox.record([Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now + 31)], owner: "d")
        #expect(summary.applied == 1)
        #expect(try await outbox.lease(Campaign.request(now: now + 31, owner: "e")).count == 2)
    }

    @Test(arguments: OutboxBackends.all)
    func skippedRecipientsKeepTheirReason(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        let lease = try #require(leases.first)
        _ = try await outbox.record([Outcome(delivery: lease.id, result: .skipped(.optedOut), at: now)], owner: "d")
        let entry = try #require(try await outbox.log(LogQuery(outcome: .skipped)).first)
        #expect(entry.reason == "opted out")
        #expect(entry.httpStatus == nil)
        #expect(try await outbox.only()?.counts.skipped == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func countsOutcomesPerDestination(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        _ = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[1].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[2].id, result: .retry(at: now + 1, reason: "http 503"), at: now),
        ], owner: "d")
        try await outbox.publishRates([DestinationRate(name: "kannel", channel: "sms", perSecond: 200)], now: now)
        let kannel = try #require(try await outbox.snapshot(at: now).destinations.first)
        #expect(kannel.delivered == 2 && kannel.failed == 1)
        #expect(kannel.ratePerSecond == 200)
    }

    @Test(arguments: OutboxBackends.all)
    func aRoutedOutcomeCountsForTheGatewayThatCarriedIt(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        _ = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now, gateway: "cm-gw"),
            Outcome(delivery: leases[1].id, result: .delivered(gatewayMessageID: nil), at: now, gateway: "agg-gw"),
            Outcome(delivery: leases[2].id, result: .retry(at: now + 1, reason: "http 503"), at: now, gateway: "agg-gw"),
        ], owner: "d")
        let counts = try await outbox.snapshot(at: now).destinations.map { ($0.name, $0.delivered, $0.failed) }
        #expect(counts.contains { $0 == ("cm-gw", 1, 0) } && counts.contains { $0 == ("agg-gw", 1, 1) }, "\(counts)")
        #expect(!counts.contains { $0.0 == "kannel" }, "the broadcast's own destination (the route) counts nothing")
    }

    /// A batch of deliveries alone (the dispatcher's usual turn): every field
    /// logged, each gateway and quarter hour counted, as for a mixed batch.
    @Test(arguments: OutboxBackends.all)
    func aBatchOfDeliveriesAloneLogsAndCountsEachOne(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        // One with every field, one routed to another gateway in the next quarter hour, one bare.
        let batch = [
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: "gw-1"), at: now + 1, httpStatus: 202, latencyMilliseconds: 12),
            Outcome(delivery: leases[1].id, result: .delivered(gatewayMessageID: nil), at: now + 900, gateway: "cm-gw"),
            Outcome(delivery: leases[2].id, result: .delivered(gatewayMessageID: nil), at: now + 2),
        ]
        let outbox = subject.outbox
        let summary = try await outbox.record(batch, owner: "d")
        #expect(summary.applied == 3 && summary.refused.isEmpty)
        #expect(try await outbox.only()?.counts.delivered == 3)
        let log = try await outbox.log(LogQuery())
        #expect(log.count == 3 && log.allSatisfy { $0.outcome == .delivered })
        let first = try #require(log.first { $0.gatewayMessageID == "gw-1" })
        #expect(first.httpStatus == 202 && first.latencyMilliseconds == 12)
        #expect(first.key == Campaign.key().deliveryKey(recipient: leases[0].recipient))
        #expect(log.filter { $0.gatewayMessageID == nil }.allSatisfy { $0.httpStatus == nil && $0.latencyMilliseconds == nil })
        let counts = try await outbox.snapshot(at: now).destinations.map { ($0.name, $0.delivered, $0.failed) }
        #expect(counts.contains { $0 == ("kannel", 2, 0) } && counts.contains { $0 == ("cm-gw", 1, 0) }, "\(counts)")
        #expect(try await outbox.sendsBySlot(from: now - 900, to: now + 1_800)
                == [SendSlot(start: now, delivered: 2, failed: 0), SendSlot(start: now + 900, delivered: 1, failed: 0)])
    }

    /// One delivery of a batch of deliveries refused (already recorded): the
    /// others count, and it adds nothing to the log, the broadcast, its gateway or the chart.
    @Test(arguments: OutboxBackends.all)
    func aRefusedDeliveryInABatchOfDeliveriesCountsNothing(_ backend: BackendFactory) async throws {
        let (subject, leases) = try await Self.leased(backend)
        let outbox = subject.outbox
        _ = try await outbox.record([Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now)], owner: "d")
        let summary = try await outbox.record(leases.map {
            Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: "again-\($0.id)"), at: now + 1)
        }, owner: "d")
        #expect(summary.applied == 2 && summary.refused == [leases[0].id])
        #expect(try await outbox.only()?.counts.delivered == 3)
        let log = try await outbox.log(LogQuery())
        #expect(log.count == 3)
        #expect(!log.contains { $0.gatewayMessageID == "again-\(leases[0].id)" })
        #expect(try await outbox.snapshot(at: now).destinations.first { $0.name == "kannel" }?.delivered == 3)
        #expect(try await outbox.sendsBySlot(from: now - 900, to: now + 900) == [SendSlot(start: now, delivered: 3, failed: 0)])
    }
}
