import Testing
@testable import Outbox
@testable import OutboxSQLite

/// Frequency caps across messages and days. The test clock is the `day` the
/// policy names (as the daemon computes it in the campaign's zone) and the
/// `now` of each lease.
struct CapTests {
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let people = ["+8613800000001", "+8613800000002", "+8613800000003"]
    let source: ArraySource

    /// Tuesday 2021-02-09 as a day number; its week began Monday 2021-02-08.
    static let tuesday: Int64 = 18_667

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        source = ArraySource(lists: ["people": people])
    }

    static func policy(sms limit: CapPolicy.Limit, day: Int64) -> CapPolicy {
        CapPolicy(limits: ["sms": limit], day: day, week: day - (day + 3) % 7)
    }

    /// Enqueues `message` to the list on `day` (at 20:00 +08:00), leases all of
    /// it under `limit` and records every lease delivered; returns the people reached.
    @discardableResult
    func broadcast(_ message: String, day: Int64, limit: CapPolicy.Limit) throws -> [String] {
        let at = Sample.launchAt + (day - CapTests.tuesday) * 86_400 + Int64(message.count)
        try outbox.enqueue([Sample.listed(message: message, list: "people", count: Int64(people.count), occurrence: at)], now: at)
        let leases = try outbox.leaseDue(now: at, limit: 10, owner: "d", leaseSeconds: 60, campaign: Sample.campaign,
                                         source: source, caps: CapTests.policy(sms: limit, day: day))
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: at) }, owner: "d")
        return leases.map(\.recipient)
    }

    @Test func twoPerDayLetsTheThirdMessageOfADayThroughToNobody() throws {
        let twoADay = CapPolicy.Limit(perDay: 2)
        #expect(try broadcast("launch", day: CapTests.tuesday, limit: twoADay) == people)
        #expect(try broadcast("tip", day: CapTests.tuesday, limit: twoADay) == people)
        #expect(try broadcast("reminder", day: CapTests.tuesday, limit: twoADay).isEmpty)
        let third = try #require(try outbox.onlyStatus(BroadcastFilter(message: "reminder")))
        #expect(third.counts.skipped == 3 && third.counts.total == 3 && third.cursor == 3)
        #expect(try outbox.closedCounts(BroadcastFilter(message: "reminder"))
            == [ClosedCount(state: .skipped, reason: "capped", count: 3)])
        #expect(try outbox.storedDeliveryCount() == 0)
        #expect(try outbox.log(LogQuery(message: "reminder")).map(\.reason) == Array(repeating: "capped", count: 3))

        #expect(try broadcast("next-day", day: CapTests.tuesday + 1, limit: twoADay) == people)
    }

    @Test func fivePerWeekStartsAgainOnMonday() throws {
        let fiveAWeek = CapPolicy.Limit(perWeek: 5)
        let monday = CapTests.tuesday - 1
        let reached = try (0..<7).map { try broadcast("day\($0)", day: monday + Int64($0), limit: fiveAWeek).count }
        #expect(reached == [3, 3, 3, 3, 3, 0, 0])
        #expect(try broadcast("next-monday", day: monday + 7, limit: fiveAWeek).count == 3)
        #expect(try outbox.capCounts(campaign: Sample.campaign, channel: "sms", recipient: people[0],
                                     day: monday + 7, week: monday + 7) == (1, 1))
    }

    @Test func aDayCapAndAWeekCapTogether() throws {
        let both = CapPolicy.Limit(perDay: 1, perWeek: 2)
        let monday = CapTests.tuesday - 1
        #expect(try broadcast("mon-1", day: monday, limit: both).count == 3)
        #expect(try broadcast("mon-2", day: monday, limit: both).isEmpty)
        #expect(try broadcast("tue", day: monday + 1, limit: both).count == 3)
        #expect(try broadcast("wed", day: monday + 2, limit: both).isEmpty)
        #expect(try broadcast("sun", day: monday + 6, limit: both).isEmpty)
        #expect(try broadcast("next-mon", day: monday + 7, limit: both).count == 3)
    }

    @Test func aClockSetBackDoesNotOpenTheCap() throws {
        let oneADay = CapPolicy.Limit(perDay: 1)
        #expect(try broadcast("launch", day: CapTests.tuesday, limit: oneADay).count == 3)
        #expect(try broadcast("earlier", day: CapTests.tuesday - 1, limit: oneADay).isEmpty)
    }

    @Test func capsAreCountedPerCampaignAndChannel() throws {
        let oneADay = CapTests.policy(sms: CapPolicy.Limit(perDay: 1), day: CapTests.tuesday)
        try broadcast("launch", day: CapTests.tuesday, limit: CapPolicy.Limit(perDay: 1))
        let other = NewBroadcast(key: BroadcastKey(campaign: "other", message: "m", occurrence: Sample.launchAt, region: "r",
                                                   channel: "sms", audience: "list"),
                                 destination: "kannel", text: "t", dueAt: Sample.launchAt, recipients: .list("people", count: 3))
        try outbox.enqueue([other], now: Sample.launchAt)
        let leases = try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 60, campaign: "other",
                                         source: source, caps: oneADay)
        #expect(leases.count == 3)
    }

    @Test func aWebhookCapCountsPerEndpoint() throws {
        let policy = CapPolicy(limits: ["webhook": CapPolicy.Limit(perDay: 1)], day: CapTests.tuesday, week: CapTests.tuesday - 1)
        try outbox.enqueue([Sample.webhook(message: "launch"), Sample.webhook(message: "tip", occurrence: Sample.launchAt + 60)], now: 0)
        let batch = try outbox.leaseBatch(now: Sample.launchAt + 60, limit: 10, owner: "d", leaseSeconds: 60,
                                          campaign: Sample.campaign, caps: policy)
        #expect(batch.leases.map(\.key.message) == ["launch"])
        #expect(batch.skipped == 1)
        let tip = try #require(try outbox.onlyStatus(BroadcastFilter(message: "tip")))
        #expect(tip.counts.skipped == 1)
        #expect(try outbox.closedCounts(BroadcastFilter(message: "tip")).map(\.reason) == ["capped"])
    }

    @Test(arguments: [1, 2])
    func aNumberListedTwiceIsADuplicateNotCapped(perDay: Int) throws {
        let twice = ArraySource(lists: ["people": [people[0], people[0], people[1]]])
        try outbox.enqueue([Sample.listed(list: "people", count: 3)], now: 0)
        let leases = try outbox.leaseDue(now: Sample.launchAt, limit: 10, owner: "d", leaseSeconds: 60, campaign: Sample.campaign,
                                         source: twice, caps: CapTests.policy(sms: CapPolicy.Limit(perDay: perDay), day: CapTests.tuesday))
        #expect(leases.map(\.recipient) == [people[0], people[1]])
        let status = try #require(try outbox.onlyStatus())
        #expect(status.duplicates == 1 && status.counts.skipped == 0)
        #expect(try outbox.capCounts(campaign: Sample.campaign, channel: "sms", recipient: people[0],
                                     day: CapTests.tuesday, week: CapTests.tuesday - 1) == (1, 1))
    }

    @Test func phoneNumbersAreStoredAsIntegersAndNamesAsText() throws {
        #expect(PhoneKey.bindable("+8613812345678") as? Int64 == 8_613_812_345_678)
        #expect(PhoneKey.bindable("wecom-nanchang") as? String == "wecom-nanchang")
        #expect(PhoneKey.bindable("+0123") as? String == "+0123")
        #expect(PhoneKey.bindable("+") as? String == "+")
        #expect(PhoneKey.bindable("+86 138") as? String == "+86 138")
    }
}
