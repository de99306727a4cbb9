import Testing
@testable import Outbox
@testable import OutboxSQLite

struct LeaseTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    @Test func leasesOnlyWhatIsDueAndMarksItInFlight() throws {
        try outbox.enqueue([Sample.sms(), Sample.sms(occurrence: now + 3600)], now: 0)
        #expect(try outbox.leaseDue(now: now - 1, limit: 10, owner: "d", leaseSeconds: 30).isEmpty)
        let leases = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30)
        #expect(leases.map(\.recipient).sorted() == Sample.phones)
        #expect(leases.allSatisfy { $0.expires == now + 30 && $0.attempt == 1 && $0.destination == "kannel" })
        #expect(leases.first?.text == "【江西公安】谨防电信诈骗")
        #expect(try outbox.leaseDue(now: now, limit: 10, owner: "other", leaseSeconds: 30).isEmpty)
        #expect(try outbox.onlyStatus(BroadcastFilter(occurrence: now))?.counts.inFlight == 3)
    }

    @Test func respectsTheLimitAndTheFilters() throws {
        try outbox.enqueue([Sample.sms(), Sample.webhook()], now: 0)
        #expect(try outbox.leaseDue(now: now, limit: 2, owner: "d", leaseSeconds: 30, channel: "sms").count == 2)
        let webhooks = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, channel: "webhook")
        #expect(webhooks.map(\.recipient) == ["wecom-nanchang"])
        #expect(try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, destination: "jasmin").isEmpty)
        #expect(try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, destination: "kannel").count == 1)
    }

    @Test func expiredLeasesComeBackAndLiveOnesDoNot() throws {
        try outbox.enqueue([Sample.sms()], now: 0)
        let short = try outbox.leaseDue(now: now, limit: 1, owner: "a", leaseSeconds: 10)
        _ = try outbox.leaseDue(now: now, limit: 10, owner: "b", leaseSeconds: 100)
        #expect(try outbox.releaseExpiredLeases(now: now + 9) == 0)
        #expect(try outbox.releaseExpiredLeases(now: now + 10) == 1)
        let again = try outbox.leaseDue(now: now + 10, limit: 10, owner: "c", leaseSeconds: 10)
        #expect(again.map(\.id) == short.map(\.id))
        #expect(again.first?.attempt == 1)
    }

    @Test func aReleasedLeaseThatWasAttemptedWaitsAsRetrying() throws {
        try outbox.enqueue([Sample.sms(recipients: [Sample.phones[0]])], now: 0)
        let first = try #require(try outbox.leaseDue(now: now, limit: 1, owner: "a", leaseSeconds: 10).first)
        try outbox.record([Outcome(delivery: first.id, result: .retry(at: now + 5, reason: "http 503"), at: now)], owner: "a")
        let second = try #require(try outbox.leaseDue(now: now + 5, limit: 1, owner: "a", leaseSeconds: 10).first)
        #expect(second.attempt == 2)
        #expect(try outbox.releaseLeases(owner: "a") == 1)
        #expect(try outbox.onlyStatus()?.counts.retrying == 1)
    }

    @Test func releasingByOwnerLeavesOtherOwnersAlone() throws {
        try outbox.enqueue([Sample.sms()], now: 0)
        _ = try outbox.leaseDue(now: now, limit: 1, owner: "a", leaseSeconds: 100)
        _ = try outbox.leaseDue(now: now, limit: 2, owner: "b", leaseSeconds: 100)
        #expect(try outbox.releaseLeases(owner: "a") == 1)
        let counts = try #require(try outbox.onlyStatus()).counts
        #expect(counts.pending == 1)
        #expect(counts.inFlight == 2)
    }

    @Test func aListIsReadInSlicesFromItsCursor() throws {
        let list = (0..<25).map(SyntheticSource.number)
        let source = ArraySource(lists: ["jiangxi": list])
        try outbox.enqueue([Sample.listed(list: "jiangxi", count: nil)], now: 0)
        var leased: [String] = []
        while true {
            let batch = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, source: source)
            if batch.isEmpty { break }
            leased += batch.map(\.recipient)
        }
        #expect(leased == list)
        let status = try #require(try outbox.onlyStatus())
        #expect(status.cursor == 25)
        #expect(status.total == 25)
        #expect(status.counts.inFlight == 25)
        #expect(try outbox.nextDueTime() == nil)
    }

    @Test func storedDueDeliveriesGoBeforeFreshOnes() throws {
        let source = ArraySource(lists: ["jiangxi": ["+8613900000001"]])
        try outbox.enqueue([Sample.listed(list: "jiangxi", count: 1), Sample.sms()], now: 0)
        let leases = try outbox.leaseDue(now: now, limit: 3, owner: "d", leaseSeconds: 30, source: source)
        #expect(leases.map(\.recipient).sorted() == Sample.phones)
        #expect(try outbox.leaseDue(now: now, limit: 3, owner: "d", leaseSeconds: 30, source: source).map(\.recipient) == ["+8613900000001"])
    }
}
