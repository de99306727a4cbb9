import Testing
@testable import Outbox
@testable import OutboxSQLite

struct CrashSafetyTests {
    let now = Sample.launchAt

    /// The daemon is killed with leases held and outcomes unrecorded: the next
    /// start must send everything not delivered, and resend at most what was in
    /// flight at the kill.
    @Test func aKilledRunLosesNothingAndResendsOnlyWhatWasInFlight() throws {
        let folder = try TemporaryDirectory()
        let source = SyntheticSource(count: 1_000)
        var deliveredInFirstRun: Set<String> = []
        var inFlightAtKill: Set<String> = []
        do {
            let outbox = try OutboxConnection(path: folder.outboxPath)
            try outbox.enqueue([Sample.listed(list: "synthetic", count: 1_000), Sample.sms()], now: 0)
            let first = try outbox.leaseDue(now: now, limit: 100, owner: "run-1", leaseSeconds: 30, source: source)
            try outbox.record(first.prefix(60).map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "run-1")
            deliveredInFirstRun = Set(first.prefix(60).map(\.recipient))
            let second = try outbox.leaseDue(now: now, limit: 50, owner: "run-1", leaseSeconds: 30, source: source)
            inFlightAtKill = Set(first.dropFirst(60).map(\.recipient) + second.map(\.recipient))
            // The outbox goes away here without recording or releasing: SIGKILL.
        }
        #expect(inFlightAtKill.count == 90)

        let outbox = try OutboxConnection(path: folder.outboxPath)
        let restart = now + 600
        #expect(try outbox.releaseExpiredLeases(now: restart) == 90)
        var sentInSecondRun: [String] = []
        while true {
            let batch = try outbox.leaseDue(now: restart, limit: 128, owner: "run-2", leaseSeconds: 30, source: source)
            if batch.isEmpty { break }
            sentInSecondRun += batch.map(\.recipient)
            try outbox.record(batch.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: restart) }, owner: "run-2")
        }

        let expected = Set((0..<1_000).map(SyntheticSource.number) + Sample.phones)
        #expect(Set(sentInSecondRun).union(deliveredInFirstRun) == expected)
        #expect(Set(sentInSecondRun).isDisjoint(with: deliveredInFirstRun))
        #expect(sentInSecondRun.count == Set(sentInSecondRun).count)
        let resent = Set(sentInSecondRun).intersection(inFlightAtKill)
        #expect(resent.count <= inFlightAtKill.count)
        let delivered = try outbox.broadcastStatuses().reduce(Int64(0)) { $0 + $1.counts.delivered }
        #expect(delivered == 1_003)
        #expect(try outbox.storedDeliveryCount() == 0)
    }

    /// A read that fails half-way through a lease rolls the whole lease back:
    /// no row is in flight and the cursor has not moved past anyone.
    @Test func aFailedLeaseLeavesTheCursorWhereItWas() throws {
        struct ListGone: Error {}
        struct FailingSource: RecipientSource {
            func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice { throw ListGone() }
        }
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.sms(), Sample.listed(list: "synthetic", count: 10)], now: 0)
        #expect(throws: ListGone.self) {
            try outbox.leaseDue(now: now, limit: 20, owner: "d", leaseSeconds: 30, source: FailingSource())
        }
        let listed = try #require(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi")))
        #expect(listed.cursor == 0)
        #expect(try outbox.onlyStatus(BroadcastFilter(region: "nanchang"))?.counts.inFlight == 0)
        #expect(try outbox.leaseDue(now: now, limit: 20, owner: "d", leaseSeconds: 30, source: SyntheticSource(count: 10)).count == 13)
    }

    /// Another connection (broadcastctl) sees exactly what a committed batch wrote.
    @Test func aSecondConnectionSeesCommittedBatches() throws {
        let folder = try TemporaryDirectory()
        let daemon = try OutboxConnection(path: folder.outboxPath)
        let control = try OutboxConnection(path: folder.outboxPath)
        try daemon.enqueue([Sample.sms()], now: 0)
        let leases = try daemon.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30)
        #expect(try control.onlyStatus()?.counts.inFlight == 3)
        try control.pause(campaign: Sample.campaign, now: now)
        try daemon.releaseLeases(owner: "d")
        #expect(try daemon.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30).isEmpty)
        #expect(leases.count == 3)
    }
}
