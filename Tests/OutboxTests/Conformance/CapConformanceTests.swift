import Outbox
import Testing

/// Frequency caps through `LeaseRequest.caps`: a person over the campaign's
/// limit is skipped (`capped`) at the lease, counted per calendar day and week
/// the policy names.
struct CapConformanceTests {
    static let people = ["+8613800000001", "+8613800000002", "+8613800000003"]
    static let lists = Lists(["people": people])
    /// Tuesday 2021-02-09 as a day number; its week began Monday 2021-02-08.
    static let tuesday: Int64 = 18_667

    static func policy(_ limit: CapPolicy.Limit, day: Int64) -> CapPolicy {
        CapPolicy(limits: ["sms": limit], day: day, week: day - (day + 3) % 7)
    }

    /// Enqueues `message` to the list on `day`, leases all of it under `limit`
    /// and records every lease delivered; returns the people reached.
    static func broadcast(_ message: String, day: Int64, limit: CapPolicy.Limit,
                          into outbox: any OutboxBackend) async throws -> [String] {
        let at = Campaign.launch + (day - tuesday) * 86_400 + Int64(message.count)
        let broadcast = NewBroadcast(key: Campaign.key(message: message, occurrence: at), destination: "kannel",
                                     text: Campaign.text, dueAt: at, recipients: .list("people", count: Int64(people.count)))
        _ = try await outbox.enqueue([broadcast], now: at)
        let leases = try await outbox.lease(Campaign.request(now: at, source: lists, caps: policy(limit, day: day)))
        _ = try await outbox.record(Campaign.delivered(leases, at: at), owner: "d")
        return leases.map(\.recipient).sorted()
    }

    @Test(arguments: OutboxBackends.all)
    func twoPerDayLetsTheThirdMessageOfADayThroughToNobody(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let twoADay = CapPolicy.Limit(perDay: 2)
        #expect(try await Self.broadcast("launch", day: Self.tuesday, limit: twoADay, into: outbox) == Self.people)
        #expect(try await Self.broadcast("tip", day: Self.tuesday, limit: twoADay, into: outbox) == Self.people)
        #expect(try await Self.broadcast("reminder", day: Self.tuesday, limit: twoADay, into: outbox).isEmpty)
        let third = try #require(try await outbox.only(BroadcastFilter(message: "reminder")))
        #expect(third.counts.skipped == 3 && third.counts.total == 3)
        #expect(try await outbox.log(LogQuery(message: "reminder")).map(\.reason) == Array(repeating: "capped", count: 3))
        let closed = try await outbox.snapshot(at: Campaign.launch + 8).due.first { $0.status.message == "reminder" }?.closed
        #expect(closed == [ClosedCount(state: .skipped, reason: "capped", count: 3)])
        #expect(try await Self.broadcast("next-day", day: Self.tuesday + 1, limit: twoADay, into: outbox) == Self.people)
    }

    @Test(arguments: OutboxBackends.all)
    func fivePerWeekStartsAgainOnMonday(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let fiveAWeek = CapPolicy.Limit(perWeek: 5)
        let monday = Self.tuesday - 1
        var reached: [Int] = []
        for day in 0..<7 {
            reached.append(try await Self.broadcast("day\(day)", day: monday + Int64(day), limit: fiveAWeek, into: outbox).count)
        }
        #expect(reached == [3, 3, 3, 3, 3, 0, 0])
        #expect(try await Self.broadcast("next-monday", day: monday + 7, limit: fiveAWeek, into: outbox).count == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func aDayCapAndAWeekCapTogether(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let both = CapPolicy.Limit(perDay: 1, perWeek: 2)
        let monday = Self.tuesday - 1
        #expect(try await Self.broadcast("mon-1", day: monday, limit: both, into: outbox).count == 3)
        #expect(try await Self.broadcast("mon-2", day: monday, limit: both, into: outbox).isEmpty)
        #expect(try await Self.broadcast("tue", day: monday + 1, limit: both, into: outbox).count == 3)
        #expect(try await Self.broadcast("wed", day: monday + 2, limit: both, into: outbox).isEmpty)
        #expect(try await Self.broadcast("sun", day: monday + 6, limit: both, into: outbox).isEmpty)
        #expect(try await Self.broadcast("next-mon", day: monday + 7, limit: both, into: outbox).count == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func aClockSetBackDoesNotOpenTheCap(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let oneADay = CapPolicy.Limit(perDay: 1)
        #expect(try await Self.broadcast("launch", day: Self.tuesday, limit: oneADay, into: outbox).count == 3)
        #expect(try await Self.broadcast("earlier", day: Self.tuesday - 1, limit: oneADay, into: outbox).isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func capsAreCountedPerCampaign(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await Self.broadcast("launch", day: Self.tuesday, limit: CapPolicy.Limit(perDay: 1), into: outbox)
        let other = NewBroadcast(key: BroadcastKey(campaign: "other", message: "m", occurrence: Campaign.launch, region: "r",
                                                   channel: "sms", audience: "list"),
                                 destination: "kannel", text: "t", dueAt: Campaign.launch, recipients: .list("people", count: 3))
        _ = try await outbox.enqueue([other], now: Campaign.launch)
        var request = Campaign.request(source: Self.lists, caps: Self.policy(CapPolicy.Limit(perDay: 1), day: Self.tuesday))
        request.campaign = "other"
        #expect(try await outbox.lease(request).count == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func aWebhookCapCountsPerEndpoint(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let policy = CapPolicy(limits: ["webhook": CapPolicy.Limit(perDay: 1)], day: Self.tuesday, week: Self.tuesday - 1)
        func webhook(_ message: String, at occurrence: Int64) -> NewBroadcast {
            NewBroadcast(key: Campaign.key(message: message, occurrence: occurrence, channel: "webhook", audience: "wecom-nanchang"),
                         destination: "wecom-nanchang", text: message, dueAt: occurrence, recipients: .inline(["wecom-nanchang"]))
        }
        _ = try await outbox.enqueue([webhook("launch", at: Campaign.launch), webhook("tip", at: Campaign.launch + 60)], now: 0)
        var request = Campaign.request(now: Campaign.launch + 60, caps: policy)
        request.destination = "wecom-nanchang"
        let batch = try await outbox.recordAndLease([], request).batch
        #expect(batch.leases.map(\.key.message) == ["launch"])
        #expect(batch.skipped == 1)
        #expect(try await outbox.only(BroadcastFilter(message: "tip"))?.counts.skipped == 1)
        #expect(try await outbox.log(LogQuery(message: "tip")).map(\.reason) == ["capped"])
    }

    /// A number listed twice is a duplicate, counted against the caps once.
    @Test(arguments: OutboxBackends.all, [1, 2])
    func aNumberListedTwiceIsADuplicateNotCapped(_ backend: BackendFactory, perDay: Int) async throws {
        let outbox = try await Subject(backend).outbox
        let twice = Lists(["people": [Self.people[0], Self.people[0], Self.people[1]]])
        _ = try await outbox.enqueue([Campaign.listed("people", region: "jiangxi", count: 3)], now: 0)
        let leases = try await outbox.lease(Campaign.request(source: twice, caps: Self.policy(CapPolicy.Limit(perDay: perDay), day: Self.tuesday)))
        #expect(leases.map(\.recipient) == [Self.people[0], Self.people[1]])
        let status = try #require(try await outbox.only())
        #expect(status.duplicates == 1 && status.counts.skipped == 0)
        // Counted once: under two a day, a second message still reaches the number.
        #expect(try await Self.broadcast("tip", day: Self.tuesday, limit: CapPolicy.Limit(perDay: 2), into: outbox).contains(Self.people[0]))
    }
}
