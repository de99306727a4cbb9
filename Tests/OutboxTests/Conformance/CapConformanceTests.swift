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
}
