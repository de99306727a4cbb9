import Outbox
import Testing

/// `DispatchOutbox`: what is due, leasing and recording as one unit of work,
/// and one copy per person however many dispatchers lease at once.
struct DispatchConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func leasesOnlyWhatIsDueOnceAndSaysWhenMoreIsDue(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "later", occurrence: now + 3600)], now: 0)
        #expect(try await outbox.dueDestinations(now: now - 1).isEmpty)
        #expect(try await outbox.nextDueTime() == now)
        #expect(try await outbox.lease(Campaign.request(now: now - 1)).isEmpty)
        #expect(try await outbox.dueDestinations(now: now) == ["kannel"])

        let leases = try await outbox.lease(Campaign.request(limit: 2))
        #expect(leases.count == 2)
        #expect(leases.allSatisfy { $0.expires == now + 30 && $0.attempt == 1 && $0.destination == "kannel" && $0.text == Campaign.text })
        let rest = try await outbox.lease(Campaign.request(owner: "other"))
        #expect(Set((leases + rest).map(\.recipient)) == Set(Campaign.phones))
        #expect(try await outbox.lease(Campaign.request(owner: "third")).isEmpty)
        #expect(try await outbox.nextDueTime() == now + 3600)
        #expect(try await outbox.only(BroadcastFilter(occurrence: now))?.counts.inFlight == 3)
    }

    /// Leasing a moment ahead (`LeaseRequest.dueBy`): what is due by then, stored
    /// rows and list positions alike, each lease with its own due time; the
    /// expiry still counts from `now`, and nothing due later comes along.
    @Test(arguments: OutboxBackends.all)
    func leasesWhatIsDueByTheHorizonWithEachOnesDueTime(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let soon = NewBroadcast(key: Campaign.key(region: "east"), destination: "kannel", text: Campaign.text, dueAt: now + 1,
                                recipients: .list("east", count: nil), rank: 1)
        _ = try await outbox.enqueue([Campaign.sms(), soon, Campaign.sms(message: "later", occurrence: now + 3600)], now: 0)
        let lists = Lists(["east": ["+8613900000001", "+8613900000002"]])
        #expect(try await outbox.dueDestinations(now: now - 2).isEmpty)
        #expect(try await outbox.dueDestinations(now: now) == ["kannel"])

        var ahead = Campaign.request(now: now - 1, source: lists)
        #expect(try await outbox.lease(ahead).isEmpty, "nothing is due by now - 1")
        ahead.dueBy = now + 1
        let leases = try await outbox.lease(ahead)
        #expect(leases.count == 5)
        #expect(leases.filter { $0.due == now }.map(\.recipient).sorted() == Campaign.phones)
        #expect(leases.filter { $0.due == now + 1 }.count == 2)
        #expect(leases.allSatisfy { $0.expires == now - 1 + 30 })
        #expect(try await outbox.nextDueTime() == now + 3600)

        // A retry due in five seconds is leased ahead from the stored rows too, and only then.
        let first = try #require(leases.first { $0.due == now })
        _ = try await outbox.record([Outcome(delivery: first.id, result: .retry(at: now + 5, reason: "http 503"), at: now)],
                                    owner: "d")
        #expect(try await outbox.lease(Campaign.request(now: now + 3)).isEmpty)
        var retry = Campaign.request(now: now + 3)
        retry.dueBy = now + 5
        let again = try await outbox.lease(retry)
        #expect(again.map(\.id) == [first.id])
        #expect(again.first?.due == now + 5)
        #expect(again.first?.attempt == 2)
    }

    @Test(arguments: OutboxBackends.all)
    func recordAndLeaseRecordsThenLeasesInOneCall(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let first = try await outbox.lease(Campaign.request(limit: 1))
        let result = try await outbox.recordAndLease(Campaign.delivered(first), Campaign.request(limit: 5))
        #expect(result.recorded?.applied == 1)
        #expect(result.recorded?.refused == [])
        #expect(result.batch.leases.count == 2)
        #expect(try await outbox.only()?.counts.delivered == 1)
        #expect(try await outbox.only()?.counts.inFlight == 2)
    }

    /// A retry or a death counts only from the lease's owner; `delivered` counts
    /// from anyone until the delivery has ended (the person got it, and
    /// recording it is what prevents a resend), and only once.
    @Test(arguments: OutboxBackends.all)
    func onlyTheOwnerCanFailALeaseAndADeliveryCountsOnce(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(recipients: [Campaign.phones[0]])], now: 0)
        let leases = try await outbox.lease(Campaign.request(owner: "a"))
        let retry = leases.map { Outcome(delivery: $0.id, result: .retry(at: now + 60, reason: "http 503"), at: now) }
        let refused = try await outbox.record(retry, owner: "b")
        #expect(refused.applied == 0)
        #expect(refused.refused == leases.map(\.id))
        #expect(try await outbox.record(Campaign.delivered(leases), owner: "b").applied == 1)
        #expect(try await outbox.record(Campaign.delivered(leases), owner: "a").refused == leases.map(\.id))
        #expect(try await outbox.only()?.counts.delivered == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func releasedLeasesAreDueAgainAndAttemptedOnesWaitAsRetrying(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        _ = try await outbox.enqueue([Campaign.sms(recipients: [Campaign.phones[0]])], now: 0)
        let first = try #require(try await outbox.lease(Campaign.request(owner: "a")).first)
        _ = try await outbox.record([Outcome(delivery: first.id, result: .retry(at: now + 5, reason: "http 503"), at: now)], owner: "a")
        let second = try #require(try await outbox.lease(Campaign.request(now: now + 5, owner: "a")).first)
        #expect(second.attempt == 2)
        #expect(try await outbox.releaseLeases(owner: "b") == 0)
        #expect(try await outbox.releaseLeases(owner: "a") == 1)
        #expect(try await outbox.only()?.counts.retrying == 1)
    }

    /// Several dispatchers lease the same reach at once (the PostgreSQL backend
    /// will have several daemons): a number listed in both regions, and a
    /// number repeated in one list, still goes out once.
    @Test(arguments: OutboxBackends.all)
    func onePersonGetsOneCopyUnderConcurrentLeasing(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let people = (0..<60).map { "+86139000000" + String(format: "%02d", $0) }
        let lists = Lists(["east": Array(people[0..<40]) + [people[3]], "west": Array(people[20..<60])])
        _ = try await outbox.enqueue([Campaign.listed("east", region: "east"), Campaign.listed("west", region: "west")], now: 0)
        let leases = try await withThrowingTaskGroup(of: [Lease].self) { group in
            for owner in 0..<6 {
                group.addTask {
                    var mine: [Lease] = []
                    while true {
                        let batch = try await outbox.recordAndLease(Campaign.delivered(Array(mine.suffix(3))),
                                                                    Campaign.request(limit: 3, owner: "d\(owner)", source: lists)).batch
                        guard !batch.leases.isEmpty || batch.skipped > 0 else { return mine }
                        mine += batch.leases
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(leases.count == people.count)
        #expect(Set(leases.map(\.recipient)) == Set(people))
    }

    @Test(arguments: OutboxBackends.all)
    func publishedRatesShowInTheStatus(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        try await outbox.publishRates([DestinationRate(name: "kannel", channel: "sms", perSecond: 100),
                                       DestinationRate(name: "wecom", channel: "webhook", perSecond: nil)], now: now)
        let destinations = try await outbox.snapshot(at: now).destinations
        #expect(destinations.map(\.name) == ["kannel", "wecom"])
        #expect(destinations.map(\.ratePerSecond) == [100, nil])
        #expect(destinations.map(\.unservedSince) == [nil, nil])
    }

    /// A destination left out of the published rates (a reload removed it) is not served
    /// since then, and served again once it is published again.
    @Test(arguments: OutboxBackends.all)
    func aDestinationLeftOutOfTheRatesIsUnservedUntilItComesBack(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let kannel = DestinationRate(name: "kannel", channel: "sms", perSecond: 100)
        let wecom = DestinationRate(name: "wecom", channel: "webhook", perSecond: nil)
        try await outbox.publishRates([kannel, wecom], now: now)
        try await outbox.publishRates([wecom], now: now + 10)
        try await outbox.publishRates([wecom], now: now + 20)
        var destinations = try await outbox.snapshot(at: now + 20).destinations
        #expect(destinations.map(\.unservedSince) == [now + 10, nil], "since the first publish without it")
        try await outbox.publishRates([kannel, wecom], now: now + 30)
        destinations = try await outbox.snapshot(at: now + 30).destinations
        #expect(destinations.map(\.unservedSince) == [nil, nil])
    }
}
