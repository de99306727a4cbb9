import Outbox
import Testing

/// `ControlOutbox`'s controls over the schedule: a cancel decided before an
/// occurrence reached the outbox, a missed occurrence sent on purpose, and the
/// record of every control.
struct ScheduleControlConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func anOccurrenceCancelledAheadIsEnqueuedCancelledAndNeverLeased(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let ahead = CancelAhead(campaign: Campaign.name, message: "launch", occurrence: now, region: nil, reason: "called off")
        #expect(try await outbox.cancelAhead([ahead], now: now - 3600) == 1)
        #expect(try await outbox.cancelAhead([ahead], now: now - 3500) == 0)
        #expect(try await outbox.cancelsAhead(campaign: Campaign.name) == [ahead])
        // Another occurrence and another message go in as they are.
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(occurrence: now + 86_400), Campaign.sms(message: "tip")], now: now)
        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch", occurrence: now)))
        #expect(launch.state == .cancelled)
        #expect(launch.reason == "called off")
        #expect(launch.counts.cancelled == 3)
        let leased = try await outbox.lease(Campaign.request(now: now + 86_400))
        #expect(Set(leased.map { "\($0.key.message)@\($0.key.occurrence)" }) == ["tip@\(now)", "launch@\(now + 86_400)"])
    }

    @Test(arguments: OutboxBackends.all)
    func aCancelAheadForOneRegionLeavesTheOthers(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.cancelAhead([CancelAhead(campaign: Campaign.name, message: "launch", occurrence: now,
                                                      region: "jiujiang", reason: "flooded")], now: 0)
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(region: "jiujiang", recipients: ["+8613900000001"])], now: now)
        #expect(try await outbox.only(BroadcastFilter(region: "jiujiang"))?.state == .cancelled)
        #expect(try await outbox.only(BroadcastFilter(region: "nanchang"))?.state == .pending)
    }

    @Test(arguments: OutboxBackends.all)
    func aPauseNarrowedToARegionOrARangeHoldsOnlyWhatItCovers(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let byRegion = Pause(campaign: Campaign.name, message: "launch", region: "jiujiang")
        let byRange = Pause(campaign: Campaign.name, message: nil, from: now + 86_400, until: now + 2 * 86_400)
        #expect(try await outbox.pause(byRegion, now: now))
        #expect(try await outbox.pause(byRange, now: now))
        #expect(try await !outbox.pause(byRange, now: now))
        #expect(Set(try await outbox.pauses()) == [byRegion, byRange])
        // Enqueued after the pauses, as the scheduler would.
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(region: "jiujiang", recipients: ["+8613900000001"]),
                                      Campaign.sms(occurrence: now + 86_400), Campaign.sms(occurrence: now + 2 * 86_400)], now: now)
        let leased = try await outbox.lease(Campaign.request(now: now + 2 * 86_400))
        #expect(Set(leased.map { "\($0.key.region)@\($0.key.occurrence - now)" }) == ["nanchang@0", "nanchang@\(2 * 86_400)"])
        #expect(try await outbox.only(BroadcastFilter(region: "jiujiang"))?.paused == true)
        // Resuming the message lifts its pauses whatever their region; the campaign's range pause stays.
        #expect(try await outbox.resume(Pause(campaign: Campaign.name, message: "launch")) == 1)
        #expect(try await outbox.pauses() == [byRange])
        #expect(try await outbox.lease(Campaign.request(now: now + 2 * 86_400)).map(\.key.region) == ["jiujiang"])
    }

    @Test(arguments: OutboxBackends.all)
    func aMissedOccurrenceCanBeSentOnPurposeOnce(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let missed = BroadcastFilter(campaign: Campaign.name, message: "launch", occurrence: now, started: false)
        _ = try await outbox.enqueue([Campaign.sms()], closingMissed: [missed], now: now + 7200)
        let filter = BroadcastFilter(campaign: Campaign.name, message: "launch", occurrence: now)
        let change = try await outbox.sendMissed(filter, now: now + 7300)
        #expect(change == ControlChange(broadcasts: 1, deliveries: 3))
        #expect(try await outbox.sendMissed(filter, now: now + 7300).isEmpty)
        // A restart offers the missed occurrence again: it is not skipped a second time.
        let again = try await outbox.enqueue([Campaign.sms()], closingMissed: [missed], now: now + 7400)
        #expect(again.closedMissed == [])
        let leased = try await outbox.lease(Campaign.request(now: now + 7400))
        #expect(leased.count == 3)
        #expect(try await outbox.sendMissed(filter, now: now + 7500).isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func onlyMissedOccurrencesAreSentOnPurpose(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: now)
        _ = try await outbox.cancel(BroadcastFilter(campaign: Campaign.name), reason: "cancelled by operator")
        #expect(try await outbox.sendMissed(BroadcastFilter(campaign: Campaign.name), now: now).isEmpty)
        #expect(try await outbox.only()?.state == .cancelled)
    }

    @Test(arguments: OutboxBackends.all)
    func cancellingAFinishedBroadcastChangesNothingAndKeepsItsOutcome(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "tip")], now: now)
        let leases = try await outbox.lease(Campaign.request()).filter { $0.key.message == "launch" }
        _ = try await outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "d")
        #expect(try await outbox.cancel(BroadcastFilter(message: "launch"), reason: "too late").isEmpty)
        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch")))
        #expect(launch.state == .pending && launch.counts.delivered == 3)
        // The unfinished one beside it is still cancelled (its leased deliveries finish as they may).
        #expect(try await outbox.cancel(BroadcastFilter(campaign: Campaign.name), reason: "too late").broadcasts == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func controlsAreRecordedNewestFirst(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let first = ControlRecord(at: now, user: "li.wei", command: "pause", target: "message 'launch' of campaign 'chunfeng'",
                                  outcome: "paused …", changed: true)
        let second = ControlRecord(at: now + 60, user: "root", command: "cancel", target: "campaign 'chunfeng'",
                                   outcome: "nothing to cancel", changed: false)
        try await outbox.recordControl(first)
        try await outbox.recordControl(second)
        #expect(try await outbox.controlRecords(limit: 10) == [second, first])
        #expect(try await outbox.controlRecords(limit: 1) == [second])
    }
}
