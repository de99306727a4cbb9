import Testing
@testable import Outbox
@testable import OutboxSQLite

struct StatusTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let now = Sample.launchAt

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
    }

    @Test func countsAreExactWhileAListIsHalfRead() throws {
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 1_000)], now: 0)
        let source = SyntheticSource(count: 1_000)
        let leases = try outbox.leaseDue(now: now, limit: 300, owner: "d", leaseSeconds: 30, source: source)
        try outbox.record(leases.prefix(200).map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }
            + leases.dropFirst(200).prefix(50).map { Outcome(delivery: $0.id, result: .retry(at: now + 9, reason: "http 503"), at: now) }
            + leases.dropFirst(250).prefix(10).map { Outcome(delivery: $0.id, result: .skipped(.capped), at: now) },
            owner: "d")
        let status = try #require(try outbox.onlyStatus())
        #expect(status.isExact)
        #expect(status.startedAt == now)
        #expect(status.counts.delivered == 200)
        #expect(status.counts.retrying == 50)
        #expect(status.counts.skipped == 10)
        #expect(status.counts.inFlight == 40)
        #expect(status.counts.pending == 700)
        #expect(status.counts.total == 1_000)
        // Only what is not delivered is stored one by one.
        #expect(try outbox.storedDeliveryCount() == 100)
    }

    @Test func countsByDestinationAddUpAcrossBroadcasts() throws {
        try outbox.enqueue([Sample.sms(), Sample.sms(region: "jiujiang"), Sample.webhook(),
                            Sample.listed(list: "synthetic", count: 10)], now: 0)
        let leases = try outbox.leaseDue(now: now, limit: 4, owner: "d", leaseSeconds: 30, channel: "sms")
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "d")
        let byDestination = try outbox.destinationCounts()
        #expect(byDestination.map(\.destination) == ["kannel", "wecom-nanchang"])
        #expect(byDestination[0].counts.delivered == 4)
        #expect(byDestination[0].counts.pending == 12)
        #expect(byDestination[1].counts.pending == 1)
    }

    @Test func theLogIsNewestFirstAndFiltered() throws {
        try outbox.enqueue([Sample.sms(), Sample.webhook()], now: 0)
        let leases = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30)
        for (offset, lease) in leases.enumerated() {
            let result: Outcome.Result = lease.key.channel == "webhook" ? .dead(reason: "http 404") : .delivered(gatewayMessageID: nil)
            try outbox.record([Outcome(delivery: lease.id, result: result, at: now + Int64(offset))], owner: "d")
        }
        let all = try outbox.log(LogQuery())
        #expect(all.map(\.at) == (0..<4).reversed().map { now + Int64($0) })
        #expect(try outbox.log(LogQuery(limit: 2)).map(\.id) == all.prefix(2).map(\.id))
        #expect(try outbox.log(LogQuery(channel: "webhook")).map(\.key.recipient) == ["wecom-nanchang"])
        #expect(try outbox.log(LogQuery(outcome: .delivered)).count == 3)
        #expect(try outbox.log(LogQuery(since: now + 2)).count == 2)
        #expect(try outbox.log(LogQuery(message: "other")).isEmpty)
        #expect(try outbox.log(LogQuery(region: "nanchang", outcome: .dead)).count == 1)
        #expect(try outbox.recentFailures().map(\.reason) == ["http 404"])
    }

    @Test func anOccurrenceAddsUpItsRegionsAndChannels() throws {
        try outbox.enqueue([Sample.sms(), Sample.sms(region: "jiujiang"), Sample.webhook(),
                            Sample.sms(message: "reminder"), Sample.sms(occurrence: now + 86_400)], now: 0)
        let lease = try #require(try outbox.leaseDue(now: now, limit: 1, owner: "d", leaseSeconds: 30, channel: "webhook").first)
        try outbox.record([Outcome(delivery: lease.id, result: .delivered(gatewayMessageID: nil), at: now)], owner: "d")
        let statuses = try outbox.occurrenceStatuses(BroadcastFilter(message: "launch"))
        #expect(statuses.map(\.occurrence) == [now + 86_400, now])
        let launch = try #require(statuses.last)
        #expect(launch.parts.count == 3)
        #expect(launch.counts.pending == 6 && launch.counts.delivered == 1)
        #expect(launch.isExact && !launch.paused)
    }

    @Test func pruningTheLogKeepsCountsAndTheFailedDeliveries() throws {
        try outbox.enqueue([Sample.sms()], now: 0)
        let leases = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30)
        try outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[1].id, result: .dead(reason: "http 400"), at: now),
            Outcome(delivery: leases[2].id, result: .delivered(gatewayMessageID: nil), at: now + 100),
        ], owner: "d")
        #expect(try outbox.pruneLog(before: now + 1, limit: 100) == 2)
        #expect(try outbox.log(LogQuery()).map(\.outcome) == [.delivered])
        #expect(try outbox.onlyStatus()?.counts.delivered == 2)
        #expect(try outbox.onlyStatus()?.counts.dead == 1, "the dead delivery stays, for status and retry")
    }

    @Test func nextDueTimeIsTheEarliestWaitingThing() throws {
        #expect(try outbox.nextDueTime() == nil)
        try outbox.enqueue([Sample.listed(list: "synthetic", count: 5, occurrence: now + 100), Sample.sms(occurrence: now + 50)], now: 0)
        #expect(try outbox.nextDueTime() == now + 50)
        _ = try outbox.leaseDue(now: now + 50, limit: 10, owner: "d", leaseSeconds: 30)
        #expect(try outbox.nextDueTime() == now + 100)
        try outbox.enqueue([Sample.webhook(occurrence: now + 200)], now: 0)
        #expect(try outbox.nextDueTime(channel: "webhook") == now + 200)
        #expect(try outbox.nextDueTime(destination: "kannel") == now + 100)
        #expect(try outbox.nextDueTime(destination: "jasmin") == nil)
    }

    @Test func theDaemonRecordShowsStartReloadAndStop() throws {
        #expect(try outbox.daemonRecord() == nil)
        try outbox.recordDaemonStart(pid: 4242, now: now)
        try outbox.recordReload(at: now + 5, error: "schedule.txt:3:7: unknown region 'nanchan'")
        var record = try #require(try outbox.daemonRecord())
        #expect(record.pid == 4242 && record.lastReloadSucceeded == false)
        #expect(record.lastReloadError?.contains("schedule.txt:3:7") == true)
        try outbox.recordReload(at: now + 9, error: nil)
        try outbox.recordHeartbeat(now: now + 10)
        try outbox.recordDaemonStop(now: now + 11)
        record = try #require(try outbox.daemonRecord())
        #expect(record.lastReloadSucceeded == true && record.lastReloadError == nil)
        #expect(record.stoppedAt == now + 11 && record.heartbeatAt == now + 11)
        try outbox.recordDaemonStart(pid: 7, now: now + 20)
        #expect(try outbox.daemonRecord()?.stoppedAt == nil)
    }

    @Test func theHeartbeatCarriesTheEmergencyStopAndARestartClearsIt() throws {
        try outbox.recordDaemonStart(pid: 4242, now: now)
        try outbox.recordHeartbeat(now: now + 10, emergencyStopAt: now + 7)
        #expect(try outbox.daemonRecord()?.emergencyStopAt == now + 7)
        try outbox.recordHeartbeat(now: now + 20)
        #expect(try outbox.daemonRecord()?.emergencyStopAt == nil, "lifted")
        try outbox.recordHeartbeat(now: now + 30, emergencyStopAt: now + 25)
        try outbox.recordDaemonStart(pid: 7, now: now + 40)
        #expect(try outbox.daemonRecord()?.emergencyStopAt == nil, "a restart lifts it")
    }
}
