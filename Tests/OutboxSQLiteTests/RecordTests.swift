import Testing
@testable import Outbox
@testable import OutboxSQLite

struct RecordTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms()], now: 0)
    }

    private func leaseAll(owner: String = "d") throws -> [Lease] {
        try outbox.leaseDue(now: now, limit: 10, owner: owner, leaseSeconds: 30).sorted { $0.recipient < $1.recipient }
    }

    @Test func appliesEachKindOfOutcomeAndRecordsTheAttempt() throws {
        let leases = try leaseAll()
        let summary = try outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: "gw-1"), at: now + 1, httpStatus: 202, latencyMilliseconds: 12),
            Outcome(delivery: leases[1].id, result: .retry(at: now + 60, reason: "http 503"), at: now + 1, httpStatus: 503, latencyMilliseconds: 40),
            Outcome(delivery: leases[2].id, result: .dead(reason: "http 400 bad number"), at: now + 2, httpStatus: 400),
        ], owner: "d")
        #expect(summary.applied == 3)
        #expect(summary.refused.isEmpty)
        let counts = try #require(try outbox.onlyStatus()).counts
        #expect(counts.delivered == 1 && counts.retrying == 1 && counts.dead == 1 && counts.total == 3)
        // Delivered rows are counted, not kept.
        #expect(try outbox.storedDeliveryCount() == 2)

        let log = try outbox.log(LogQuery())
        #expect(log.map(\.outcome) == [.dead, .retrying, .delivered])
        let delivered = try #require(log.last)
        #expect(delivered.gatewayMessageID == "gw-1")
        #expect(delivered.httpStatus == 202)
        #expect(delivered.latencyMilliseconds == 12)
        #expect(delivered.key == Sample.key().deliveryKey(recipient: leases[0].recipient))
        #expect(log.first?.reason == "http 400 bad number")
    }

    @Test func leasesAndLogEntriesPrintNoPhoneNumber() throws {
        let lease = try #require(try leaseAll().first)
        try outbox.record([Outcome(delivery: lease.id, result: .dead(reason: "http 400"), at: now)], owner: "d")
        let entry = try #require(try outbox.log(LogQuery()).first)
        let number = String(lease.recipient.dropFirst(3))
        for text in [String(describing: lease), String(reflecting: lease), String(describing: entry), String(reflecting: entry)] {
            #expect(!text.contains(number), "\(text)")
            #expect(text.contains(maskedPhone(lease.recipient)))
        }
    }

    @Test func aRetryIsDueAgainAtItsTimeNotBefore() throws {
        let lease = try #require(try leaseAll().first)
        try outbox.record([Outcome(delivery: lease.id, result: .retry(at: now + 60, reason: "timeout"), at: now)], owner: "d")
        #expect(try outbox.leaseDue(now: now + 59, limit: 10, owner: "d", leaseSeconds: 30).isEmpty)
        #expect(try outbox.nextDueTime() == now + 60)
        #expect(try outbox.leaseDue(now: now + 60, limit: 10, owner: "d", leaseSeconds: 30).map(\.id) == [lease.id])
    }

    @Test func refusesOutcomesForLeasesItDoesNotHold() throws {
        let leases = try leaseAll(owner: "a")
        let summary = try outbox.record([
            Outcome(delivery: leases[0].id, result: .dead(reason: "x"), at: now),
            Outcome(delivery: 999_999, result: .delivered(gatewayMessageID: nil), at: now),
        ], owner: "b")
        #expect(summary.applied == 0)
        #expect(summary.refused == [leases[0].id, 999_999])
        #expect(try outbox.attemptCount() == 0)
        #expect(try outbox.onlyStatus()?.counts.inFlight == 3)
    }

    @Test func neverCountsADeliveryTwice() throws {
        let lease = try #require(try leaseAll().first)
        let delivered = Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now)
        #expect(try outbox.record([delivered, delivered], owner: "d").refused == [lease.id])
        #expect(try outbox.onlyStatus()?.counts.delivered == 1)
    }

    @Test(arguments: [
        Outcome.Result.retry(at: 0, reason: "late"),
        .dead(reason: "late"),
        .skipped(.optedOut),
    ])
    func aDeadDeliveryTakesNoOutcome(result: Outcome.Result) throws {
        let lease = try #require(try leaseAll().first)
        try outbox.record([Outcome(delivery: lease.id, result: .dead(reason: "http 401"), at: now)], owner: "d")
        #expect(try outbox.record([Outcome(delivery: lease.id, result: result, at: now)], owner: "d").refused == [lease.id])
    }

    @Test func aSuccessAfterTheLeaseExpiredStillCounts() throws {
        let lease = try #require(try leaseAll().first)
        try outbox.releaseExpiredLeases(now: now + 30)
        let summary = try outbox.record([Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now + 31)], owner: "d")
        #expect(summary.applied == 1)
        #expect(try outbox.leaseDue(now: now + 31, limit: 10, owner: "e", leaseSeconds: 30).count == 2)
    }

    @Test func skippedRecipientsKeepTheirReason() throws {
        let lease = try #require(try leaseAll().first)
        try outbox.record([Outcome(delivery: lease.id, result: .skipped(.optedOut), at: now)], owner: "d")
        let entry = try #require(try outbox.log(LogQuery(outcome: .skipped)).first)
        #expect(entry.reason == "opted out")
        #expect(entry.httpStatus == nil)
        #expect(try outbox.onlyStatus()?.counts.skipped == 1)
    }

    @Test func countsOutcomesPerDestination() throws {
        let leases = try leaseAll()
        try outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[1].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[2].id, result: .retry(at: now + 1, reason: "http 503"), at: now),
        ], owner: "d")
        try outbox.updateDestination(name: "kannel", channel: "sms", ratePerSecond: 200, errorRate: 0.25, now: now)
        let kannel = try #require(try outbox.destinations().first)
        #expect(kannel.delivered == 2 && kannel.failed == 1)
        #expect(kannel.ratePerSecond == 200 && kannel.errorRate == 0.25)
    }

    @Test(arguments: DeliveryState.allCases)
    func stateNamesRoundTrip(state: DeliveryState) {
        #expect(DeliveryState(name: state.name) == state)
        #expect(DeliveryState(name: "\(state.name)x") == nil)
    }

    @Test(arguments: DeliveryState.allCases)
    func finalStatesLeadNowhere(state: DeliveryState) {
        let reachable = DeliveryState.allCases.filter { state.canMove(to: $0) }
        #expect(reachable.isEmpty == state.isFinal)
        #expect(!state.canMove(to: state))
    }
}
