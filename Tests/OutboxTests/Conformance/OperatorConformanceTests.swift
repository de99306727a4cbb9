import Outbox
import Testing

/// `ControlOutbox`, `OptOutOutbox`, `MembershipOutbox` and `StatusOutbox`:
/// the operator's levers, the opt-out list, the daemon's record, and the read
/// side as one snapshot.
struct OperatorConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func aPauseStopsLeasingUntilResumed(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        #expect(try await outbox.pause(campaign: Campaign.name, message: "launch", now: now))
        #expect(try await !outbox.pause(campaign: Campaign.name, message: "launch", now: now))
        #expect(try await outbox.pauses() == [Pause(campaign: Campaign.name, message: "launch")])
        #expect(try await outbox.lease(Campaign.request()).isEmpty)
        #expect(try await outbox.controlScope(BroadcastFilter(campaign: Campaign.name)).waiting == 3)
        #expect(try await outbox.resume(campaign: Campaign.name, message: "launch"))
        #expect(try await outbox.pauses().isEmpty)
        #expect(try await outbox.lease(Campaign.request()).count == 3)
    }

    /// A control says "1 broadcast (2 parts)" as `status` does: one occurrence of a
    /// message is one broadcast, its region × channel rows are its parts.
    @Test(arguments: OutboxBackends.all)
    func aControlsScopeCountsOccurrencesAndTheirParts(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(region: "jiujiang"), Campaign.sms(message: "tip")], now: 0)
        let campaign = BroadcastFilter(campaign: Campaign.name)
        let before = try await outbox.controlScope(campaign)
        #expect((before.broadcasts, before.openBroadcasts, before.occurrences, before.openOccurrences) == (3, 3, 2, 2))
        _ = try await outbox.cancel(BroadcastFilter(campaign: Campaign.name, message: "launch", region: "jiujiang"), reason: "test")
        let partly = try await outbox.controlScope(campaign)
        #expect((partly.openBroadcasts, partly.occurrences, partly.openOccurrences) == (2, 2, 2))
        _ = try await outbox.cancel(BroadcastFilter(campaign: Campaign.name, message: "tip"), reason: "test")
        let after = try await outbox.controlScope(campaign)
        #expect((after.openBroadcasts, after.occurrences, after.openOccurrences) == (1, 2, 1))
    }

    @Test(arguments: OutboxBackends.all)
    func cancelClosesWhatWaitsAndRetryBringsTheDeadBack(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "tip", recipients: [Campaign.phones[0]])], now: 0)
        #expect(try await outbox.campaigns() == [Campaign.name])
        #expect(try await outbox.messages(campaign: Campaign.name) == ["launch", "tip"])
        let dead = try #require(try await outbox.lease(Campaign.request(limit: 1)).first)
        _ = try await outbox.record([Outcome(delivery: dead.id, result: .dead(reason: "http 400"), at: now)], owner: "d")
        let launch = BroadcastFilter(campaign: Campaign.name, message: dead.key.message)
        #expect(try await outbox.controlScope(launch).dead == 1)
        #expect(try await outbox.retryDead(launch, now: now + 60) == 1)
        #expect(try await outbox.retryDead(launch, now: now + 60) == 0)

        let other = dead.key.message == "tip" ? "launch" : "tip"
        let change = try await outbox.cancel(BroadcastFilter(campaign: Campaign.name, message: other), reason: "by operator")
        #expect(change.broadcasts == 1)
        #expect(try await outbox.cancel(BroadcastFilter(campaign: Campaign.name, message: other), reason: "again").isEmpty)
        #expect(try await outbox.restartList(launch) == (restarted: 0, refused: 0))
    }

    @Test(arguments: OutboxBackends.all)
    func anOptedOutNumberIsSkippedAtItsLease(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        #expect(try await outbox.addOptOut(Campaign.phones[0], source: OptOut.commandSource, now: 5))
        #expect(try await !outbox.addOptOut(Campaign.phones[0], source: OptOut.reportSource, now: 6))
        #expect(try await outbox.optOut(Campaign.phones[0])?.source == OptOut.commandSource)
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let batch = try await outbox.recordAndLease([], Campaign.request()).batch
        #expect(batch.skipped == 1)
        #expect(Set(batch.leases.map(\.recipient)) == Set(Campaign.phones.dropFirst()))
        #expect(try await outbox.removeOptOut(Campaign.phones[0]))
        #expect(try await !outbox.removeOptOut(Campaign.phones[0]))
        #expect(try await outbox.optOutCount() == 0)
    }

    @Test(arguments: OutboxBackends.all)
    func aFileSourceIsReplacedWholeOrOnlyAddedTo(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let file = "file:/etc/broadcastd/optout.txt"
        _ = try await outbox.addOptOut(Campaign.phones[2], source: OptOut.commandSource, now: 1)
        #expect(try await outbox.replaceOptOuts(from: file, with: Array(Campaign.phones.prefix(2)), now: 10, removing: true)
            == (added: 2, removed: 0))
        #expect(try await outbox.replaceOptOuts(from: file, with: [], now: 20, removing: false) == (added: 0, removed: 0))
        #expect(try await outbox.optOutCount(from: file) == 2)
        #expect(try await outbox.replaceOptOuts(from: file, with: [Campaign.phones[1]], now: 30, removing: true)
            == (added: 0, removed: 1))
        #expect(try await outbox.optOuts(limit: 10).map(\.phone).sorted() == [Campaign.phones[1], Campaign.phones[2]])
    }

    @Test(arguments: OutboxBackends.all)
    func theDaemonRecordFollowsStartHeartbeatReloadAndStop(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        #expect(try await outbox.daemonRecord() == nil)
        try await outbox.recordDaemonStart(pid: 4242, now: 100)
        try await outbox.recordHeartbeat(now: 110, emergencyStopAt: 105)
        try await outbox.recordReload(at: 120, error: "campaign.schedule:3:1: error: unknown region", changes: nil)
        var record = try #require(try await outbox.daemonRecord())
        #expect(record.pid == 4242 && record.startedAt == 100 && record.stoppedAt == nil)
        #expect(record.heartbeatAt == 110 && record.emergencyStopAt == 105)
        #expect(record.lastReloadAt == 120 && record.lastReloadSucceeded == false)
        try await outbox.recordReload(at: 130, error: nil, changes: nil)
        try await outbox.recordHeartbeat(now: 140, emergencyStopAt: nil)
        try await outbox.recordDaemonStop(now: 150)
        record = try #require(try await outbox.daemonRecord())
        #expect(record.lastReloadSucceeded == true && record.lastReloadError == nil)
        #expect(record.emergencyStopAt == nil && record.stoppedAt == 150)
    }

    @Test(arguments: OutboxBackends.all)
    func theStatusSnapshotAddsUpOnTheReadersClock(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        try await outbox.recordDaemonStart(pid: 4242, now: now - 3600)
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "tip", occurrence: now + 86_400)], now: 0)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record(Campaign.delivered(Array(leases.prefix(2)), at: now + 1), owner: "d")
        _ = try await outbox.record([Outcome(delivery: leases[2].id, result: .dead(reason: "http 400"), at: now + 2)], owner: "d")
        _ = try await outbox.pause(campaign: Campaign.name, message: "tip", now: now)

        let snapshot = try await outbox.status(StatusQuery(now: { record in (record?.startedAt ?? 0) + 3600 + 10 },
                                                            rateWindowSeconds: 60))
        #expect(snapshot.now == now + 10)
        #expect(snapshot.daemon?.pid == 4242)
        let due = try #require(snapshot.due.first)
        #expect(snapshot.due.count == 1)
        #expect(due.status.counts.delivered == 2 && due.status.counts.dead == 1)
        #expect(snapshot.upcoming.map(\.status.message) == ["tip"])
        #expect(snapshot.recentAttempts.filter { $0.outcome == .delivered }.reduce(0) { $0 + $1.count } == 2)
        #expect(snapshot.recentFailures.map(\.outcome) == [.dead])
        #expect(snapshot.pauses == [Pause(campaign: Campaign.name, message: "tip")])
        #expect(snapshot.destinationCounts.first { $0.destination == "kannel" }?.counts.delivered == 2)
        #expect(snapshot.held.isEmpty)
        let log = try await outbox.log(LogQuery(outcome: .delivered))
        #expect(log.count == 2)
        #expect(log.map(\.id) == log.map(\.id).sorted(by: >))
    }
}
