import Testing
@testable import Outbox
@testable import OutboxSQLite

/// Issue 5, item 2: a number listed in several regions one broadcast reaches gets
/// it once, attributed to the most specific region.
struct ReachTests {
    let now = Sample.launchAt

    private func outbox(_ folder: TemporaryDirectory) throws -> OutboxConnection { try OutboxConnection(path: folder.outboxPath) }

    /// Batches of 1 put a lease boundary between every two numbers; 5 000 reads
    /// all three lists in one lease, the gate opening inside it.
    @Test(arguments: [1, 7, 5_000])
    func eachPersonGetsOneCopyFromTheDeepestRegionListingThem(batch: Int) throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        try outbox.enqueue(Overlap.standard.broadcasts(), now: 0)
        let leases = try outbox.drain(now: now, batch: batch, source: Overlap.standard.source)

        #expect(leases.count == Overlap.standard.people)
        #expect(Set(leases.map(\.recipient)).count == Overlap.standard.people)
        for region in Overlap.standard.regions {
            let sent = Set(leases.filter { $0.key.region == region.path }.map(\.recipient))
            #expect(sent == Overlap.standard.attributed(to: region.path), "\(region.path)")
            let status = try #require(try outbox.onlyStatus(BroadcastFilter(region: region.path)))
            #expect(status.counts.delivered == Int64(sent.count))
            #expect(status.duplicates == Overlap.standard.source.count(of: region.path) - Int64(sent.count))
        }
        #expect(try outbox.positionsAddUp())
        #expect(try outbox.storedDeliveryCount() == 0)
    }

    /// Two counties (equal rank) share a number: whichever claims it first sends
    /// it. A number repeated inside a county's list is caught even after its
    /// first delivery's row is gone, which the per-broadcast unique key alone
    /// missed (the city, read last, only looks numbers up: see docs/outbox.md).
    @Test func equalRanksShareOneCopyAndARepeatInsideAListIsSentOnce() throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        let source = ArraySource(lists: [
            "donghu": ["+8613800000001", "+8613800000002", "+8613800000007", "+8613800000007"],
            "xihu": ["+8613800000002", "+8613800000008"],
            "nanchang": ["+8613800000001", "+8613800000002", "+8613800000003", "+8613800000006"],
        ])
        try outbox.enqueue([
            Sample.regional(region: "jiangxi/nanchang/donghu", rank: 3, list: "donghu", count: 4),
            Sample.regional(region: "jiangxi/nanchang/xihu", rank: 3, list: "xihu", count: 2),
            Sample.regional(region: "jiangxi/nanchang", rank: 2, list: "nanchang", count: 4),
        ], now: 0)
        let leases = try outbox.drain(now: now, batch: 1, source: source)

        #expect(leases.map(\.recipient).sorted() == ["+8613800000001", "+8613800000002", "+8613800000003",
                                                     "+8613800000006", "+8613800000007", "+8613800000008"])
        let shared = try #require(leases.first { $0.recipient == "+8613800000002" })
        #expect(shared.key.region.hasPrefix("jiangxi/nanchang/"))
        #expect(leases.filter { $0.key.region == "jiangxi/nanchang" }.map(\.recipient).sorted()
            == ["+8613800000003", "+8613800000006"])
        let duplicates = try outbox.broadcastStatuses().reduce(Int64(0)) { $0 + $1.duplicates }
        #expect(duplicates == 10 - 6)
        #expect(try outbox.positionsAddUp())
    }

    /// Each message is its own reach: the same people get both messages.
    @Test func twoMessagesAreTwoReachesAndBothArrive() throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        try outbox.enqueue(Overlap.standard.broadcasts(message: "launch") + Overlap.standard.broadcasts(message: "chuxi"), now: 0)
        let leases = try outbox.drain(now: now, batch: 500, source: Overlap.standard.source)

        for message in ["launch", "chuxi"] {
            let sent = leases.filter { $0.key.message == message }
            #expect(sent.count == Overlap.standard.people, "\(message)")
            #expect(Set(sent.map(\.recipient)).count == Overlap.standard.people, "\(message)")
            let county = Set(sent.filter { $0.key.region == "jiangxi/nanchang/donghu" }.map(\.recipient))
            #expect(county == Overlap.standard.attributed(to: "jiangxi/nanchang/donghu"))
        }
    }

    /// A city's list is not read while its county's is due and unread, even
    /// when they go through different gateways: the dispatcher is not even
    /// told the city's gateway has work.
    @Test func aListWaitsForTheDeeperListsOfItsReachWhateverTheirGateway() throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        let county = Overlap.standard.regions[2]
        try outbox.enqueue(Overlap.standard.broadcasts().dropLast() + [
            Sample.regional(region: county.path, rank: county.rank, list: county.path,
                            count: Overlap.standard.source.count(of: county.path), destination: "backup-gateway"),
        ], now: 0)

        #expect(try outbox.dueDestinations(now: now) == ["backup-gateway"])
        #expect(try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, destination: "kannel",
                                    source: Overlap.standard.source).isEmpty)
        let first = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(first.count == 100)
        #expect(first.allSatisfy { $0.key.region == county.path })
        #expect(try outbox.broadcastStatuses().filter { $0.key.region != county.path }.allSatisfy { $0.cursor == 0 })

        try outbox.drain(now: now, batch: 100, source: Overlap.standard.source)
        #expect(try outbox.dueDestinations(now: now).isEmpty)
        #expect(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi"))?.counts.delivered == 900)
    }

    /// A deeper list closed by an operator or by catch-up gives way at once;
    /// what it had already handed out stays a duplicate for the others, and
    /// what only it listed is never sent.
    @Test(arguments: [true, false])
    func aClosedDeeperListGivesWay(cancelled: Bool) throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        try outbox.enqueue(Overlap.standard.broadcasts(), now: 0)
        let early = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        try outbox.record(early.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "d")
        #expect(early.count == 100)
        let county = BroadcastFilter(region: "jiangxi/nanchang/donghu")
        if cancelled {
            try outbox.cancel(county, reason: "county list withdrawn")
        } else {
            try outbox.skip(county, reason: .missedWhileDown)
        }
        let rest = try outbox.drain(now: now, batch: 250, source: Overlap.standard.source)

        let sent = Set((early + rest).map(\.recipient))
        #expect(sent.count == early.count + rest.count)
        #expect(sent == Set((0..<1_800).map(SyntheticSource.number)))
        let status = try #require(try outbox.onlyStatus(county))
        #expect(status.counts[cancelled ? .cancelled : .skipped] == 400)
        #expect(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi/nanchang"))?.duplicates == 100)
        #expect(try outbox.positionsAddUp())
    }

    /// A pause covers the whole reach; a deeper list due later does not hold
    /// back one that is due now.
    @Test func aPauseHoldsTheWholeReachAndOnlyDueListsGate() throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        let later = now + 3_600
        let county = Overlap.standard.regions[2]
        try outbox.enqueue(Overlap.standard.broadcasts().dropLast() + [
            Sample.regional(region: county.path, rank: county.rank, list: county.path,
                            count: Overlap.standard.source.count(of: county.path), dueAt: later),
        ], now: 0)
        try outbox.pause(campaign: Sample.campaign, message: "launch", now: now)
        #expect(try outbox.leaseDue(now: later, limit: 10, owner: "d", leaseSeconds: 30, source: Overlap.standard.source).isEmpty)
        try outbox.resume(campaign: Sample.campaign, message: "launch")

        let first = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(first.map(\.key.region) == Array(repeating: "jiangxi/nanchang", count: 10))
    }

    /// A city read before its county (the county due an hour later) still
    /// claims its numbers, so the county sends only those the city did not.
    @Test func aDeeperListDueLaterSendsOnlyWhatWasNotSentYet() throws {
        let folder = try TemporaryDirectory()
        let outbox = try outbox(folder)
        let later = now + 3_600
        let (city, county) = (Overlap.standard.regions[1], Overlap.standard.regions[2])
        let source = Overlap.standard.source
        try outbox.enqueue([
            Sample.regional(region: city.path, rank: city.rank, list: city.path, count: source.count(of: city.path)),
            Sample.regional(region: county.path, rank: county.rank, list: county.path,
                            count: source.count(of: county.path), dueAt: later),
        ], now: 0)
        let first = try outbox.drain(now: now, batch: 100, source: source)
        let second = try outbox.drain(now: later, batch: 100, source: source)

        #expect(first.count == 800 && first.allSatisfy { $0.key.region == city.path })
        let expected = Set((Array(1_800..<2_000) + Array(500..<600)).map(SyntheticSource.number))
        #expect(Set(second.map(\.recipient)) == expected)
        #expect(second.count == expected.count)
        #expect(try outbox.onlyStatus(BroadcastFilter(region: county.path))?.duplicates == 200)
    }
}
