import Outbox
import OutboxTestSupport
import Testing

/// One copy per person within a reach: a number listed in several regions one
/// message reaches gets it once, attributed to the most specific region, however
/// the lists are leased, closed, paused or due.
struct ReachConformanceTests {
    let now = Campaign.launch
    let overlap = Overlap.standard

    /// Batches of 1 put a lease boundary between every two numbers; 5 000 reads
    /// all three lists in one lease.
    @Test(arguments: OutboxBackends.all, [1, 7, 5_000])
    func eachPersonGetsOneCopyFromTheDeepestRegionListingThem(_ backend: BackendFactory, batch: Int) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue(overlap.broadcasts(), now: 0)
        let leases = try await outbox.drain(now: now, batch: batch, source: overlap.source)

        #expect(leases.count == overlap.people)
        #expect(Set(leases.map(\.recipient)).count == overlap.people)
        for region in overlap.regions {
            let sent = Set(leases.filter { $0.key.region == region.path }.map(\.recipient))
            #expect(sent == overlap.attributed(to: region.path), "\(region.path)")
            let status = try #require(try await outbox.only(BroadcastFilter(region: region.path)))
            #expect(status.counts.delivered == Int64(sent.count))
            #expect(status.duplicates == overlap.source.count(of: region.path) - Int64(sent.count))
        }
        #expect(try await outbox.positionsAddUp())
    }

    /// Two counties (equal rank) share a number: whichever claims it first sends
    /// it. A number repeated inside a county's list is caught even after its
    /// first delivery is done.
    @Test(arguments: OutboxBackends.all)
    func equalRanksShareOneCopyAndARepeatInsideAListIsSentOnce(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let source = Lists([
            "donghu": ["+8613800000001", "+8613800000002", "+8613800000007", "+8613800000007"],
            "xihu": ["+8613800000002", "+8613800000008"],
            "nanchang": ["+8613800000001", "+8613800000002", "+8613800000003", "+8613800000006"],
        ])
        _ = try await outbox.enqueue([
            Overlap.regional(region: "jiangxi/nanchang/donghu", rank: 3, list: "donghu", count: 4),
            Overlap.regional(region: "jiangxi/nanchang/xihu", rank: 3, list: "xihu", count: 2),
            Overlap.regional(region: "jiangxi/nanchang", rank: 2, list: "nanchang", count: 4),
        ], now: 0)
        let leases = try await outbox.drain(now: now, batch: 1, source: source)

        #expect(leases.map(\.recipient).sorted() == ["+8613800000001", "+8613800000002", "+8613800000003",
                                                     "+8613800000006", "+8613800000007", "+8613800000008"])
        let shared = try #require(leases.first { $0.recipient == "+8613800000002" })
        #expect(shared.key.region.hasPrefix("jiangxi/nanchang/"))
        #expect(leases.filter { $0.key.region == "jiangxi/nanchang" }.map(\.recipient).sorted()
            == ["+8613800000003", "+8613800000006"])
        let duplicates = try await outbox.broadcastStatuses(.all, limit: 50).reduce(Int64(0)) { $0 + $1.duplicates }
        #expect(duplicates == 10 - 6)
        #expect(try await outbox.positionsAddUp())
    }

    /// Each message is its own reach: the same people get both messages.
    @Test(arguments: OutboxBackends.all)
    func twoMessagesAreTwoReachesAndBothArrive(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue(overlap.broadcasts(message: "launch") + overlap.broadcasts(message: "chuxi"), now: 0)
        let leases = try await outbox.drain(now: now, batch: 500, source: overlap.source)

        for message in ["launch", "chuxi"] {
            let sent = leases.filter { $0.key.message == message }
            #expect(sent.count == overlap.people, "\(message)")
            #expect(Set(sent.map(\.recipient)).count == overlap.people, "\(message)")
            let county = Set(sent.filter { $0.key.region == "jiangxi/nanchang/donghu" }.map(\.recipient))
            #expect(county == overlap.attributed(to: "jiangxi/nanchang/donghu"))
        }
    }

    /// A city's list is not read while its county's is due and unread, even
    /// when they go through different gateways: the dispatcher is not even
    /// told the city's gateway has work.
    @Test(arguments: OutboxBackends.all)
    func aListWaitsForTheDeeperListsOfItsReachWhateverTheirGateway(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let county = overlap.regions[2]
        _ = try await outbox.enqueue(overlap.broadcasts().dropLast() + [
            Overlap.regional(region: county.path, rank: county.rank, list: county.path,
                             count: overlap.source.count(of: county.path), destination: "backup-gateway"),
        ], now: 0)

        #expect(try await outbox.dueDestinations(now: now) == ["backup-gateway"])
        #expect(try await outbox.lease(Campaign.request(source: overlap.source)).isEmpty)
        var backup = Campaign.request(source: overlap.source)
        backup.destination = "backup-gateway"
        let first = try await outbox.lease(backup)
        #expect(first.count == 100)
        #expect(first.allSatisfy { $0.key.region == county.path })
        #expect(try await outbox.broadcastStatuses(.all, limit: 50).filter { $0.key.region != county.path }.allSatisfy { $0.cursor == 0 })

        _ = try await outbox.drain(now: now, batch: 100, source: overlap.source)
        #expect(try await outbox.dueDestinations(now: now).isEmpty)
        #expect(try await outbox.only(BroadcastFilter(region: "jiangxi"))?.counts.delivered == 900)
    }

    /// A deeper list closed by an operator or by catch-up gives way at once;
    /// what it had already handed out stays a duplicate for the others, and
    /// what only it listed is never sent.
    @Test(arguments: OutboxBackends.all, [true, false])
    func aClosedDeeperListGivesWay(_ backend: BackendFactory, cancelled: Bool) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue(overlap.broadcasts(), now: 0)
        let early = try await outbox.lease(Campaign.request(source: overlap.source))
        _ = try await outbox.record(Campaign.delivered(early), owner: "d")
        #expect(early.count == 100)
        let county = BroadcastFilter(region: "jiangxi/nanchang/donghu")
        if cancelled {
            _ = try await outbox.cancel(county, reason: "county list withdrawn")
        } else {
            _ = try await outbox.enqueue([], closingMissed: [county], now: now)
        }
        let rest = try await outbox.drain(now: now, batch: 250, source: overlap.source)

        let sent = Set((early + rest).map(\.recipient))
        #expect(sent.count == early.count + rest.count)
        #expect(sent == Set((0..<1_800).map(SyntheticNumber.of)))
        let status = try #require(try await outbox.only(county))
        #expect(status.counts[cancelled ? .cancelled : .skipped] == 400)
        #expect(try await outbox.only(BroadcastFilter(region: "jiangxi/nanchang"))?.duplicates == 100)
        #expect(try await outbox.positionsAddUp())
    }

    /// A pause covers the whole reach; a deeper list due later does not hold
    /// back one that is due now.
    @Test(arguments: OutboxBackends.all)
    func aPauseHoldsTheWholeReachAndOnlyDueListsGate(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let later = now + 3_600
        let county = overlap.regions[2]
        _ = try await outbox.enqueue(overlap.broadcasts().dropLast() + [
            Overlap.regional(region: county.path, rank: county.rank, list: county.path,
                             count: overlap.source.count(of: county.path), dueAt: later),
        ], now: 0)
        _ = try await outbox.pause(campaign: Campaign.name, message: "launch", now: now)
        #expect(try await outbox.lease(Campaign.request(now: later, limit: 10, source: overlap.source)).isEmpty)
        _ = try await outbox.resume(campaign: Campaign.name, message: "launch")

        let first = try await outbox.lease(Campaign.request(limit: 10, source: overlap.source))
        #expect(first.map(\.key.region) == Array(repeating: "jiangxi/nanchang", count: 10))
    }

    /// A city read before its county (the county due an hour later) still
    /// claims its numbers, so the county sends only those the city did not.
    @Test(arguments: OutboxBackends.all)
    func aDeeperListDueLaterSendsOnlyWhatWasNotSentYet(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let later = now + 3_600
        let (city, county) = (overlap.regions[1], overlap.regions[2])
        let source = overlap.source
        _ = try await outbox.enqueue([
            Overlap.regional(region: city.path, rank: city.rank, list: city.path, count: source.count(of: city.path)),
            Overlap.regional(region: county.path, rank: county.rank, list: county.path,
                             count: source.count(of: county.path), dueAt: later),
        ], now: 0)
        let first = try await outbox.drain(now: now, batch: 100, source: source)
        let second = try await outbox.drain(now: later, batch: 100, source: source)

        #expect(first.count == 800 && first.allSatisfy { $0.key.region == city.path })
        let expected = Set((Array(1_800..<2_000) + Array(500..<600)).map(SyntheticNumber.of))
        #expect(Set(second.map(\.recipient)) == expected)
        #expect(second.count == expected.count)
        #expect(try await outbox.only(BroadcastFilter(region: county.path))?.duplicates == 200)
    }
}

extension DispatchOutbox {
    /// Leases `batch` at a time from every destination with something due, and
    /// records each lease delivered, until nothing more comes; every lease in order.
    func drain(now: Int64, batch: Int, owner: String = "d", source: any RecipientSource & Sendable) async throws -> [Lease] {
        var all: [Lease] = []
        while true {
            var progressed = false
            for destination in try await dueDestinations(now: now) {
                var request = Campaign.request(now: now, limit: batch, owner: owner, source: source)
                request.destination = destination
                let taken = try await recordAndLease([], request).batch
                _ = try await record(Campaign.delivered(taken.leases, at: now), owner: owner)
                all += taken.leases
                progressed = progressed || !taken.leases.isEmpty || taken.skipped > 0
            }
            if !progressed { return all }
        }
    }
}

extension StatusOutbox {
    /// Each broadcast's positions all accounted for: delivered, stored, unread
    /// or a duplicate — nothing counted twice, nothing missing.
    func positionsAddUp() async throws -> Bool {
        try await broadcastStatuses(.all, limit: 1_000).allSatisfy { status in
            status.total.map { $0 == status.counts.total + status.duplicates } ?? false
        }
    }
}
