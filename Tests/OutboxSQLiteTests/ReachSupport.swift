@testable import Outbox
@testable import OutboxSQLite

/// Lists made of ranges of `SyntheticSource` numbers, so overlapping lists of
/// thousands cost no memory; the token is the position in the list.
struct RangeListSource: RecipientSource {
    var lists: [String: [Range<Int>]]

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let ranges = lists[list] ?? []
        let count = ranges.reduce(0) { $0 + $1.count }
        let start = min(Int(token), count)
        let end = min(start + limit, count)
        var recipients: [String] = []
        var skipped = 0
        for range in ranges {
            let from = max(start - skipped, 0)
            let to = min(end - skipped, range.count)
            if from < to { recipients += range.dropFirst(from).prefix(to - from).map(SyntheticSource.number) }
            skipped += range.count
        }
        return RecipientSlice(recipients: recipients, next: Int64(end), isEnd: end == count)
    }

    func count(of list: String) -> Int64 { Int64(lists[list, default: []].reduce(0) { $0 + $1.count }) }
}

/// A province, a city inside it and a county inside the city, whose lists overlap
/// the way real ones do: the city's people are partly on the province's list,
/// the county's partly on both, and one county block only on the province's.
/// `scale` multiplies every range.
struct Overlap {
    var regions: [(path: String, rank: Int, ranges: [Range<Int>])]
    /// Every distinct number: 0 ..< people.
    var people: Int
    var source: RangeListSource

    init(scale: Int) {
        func range(_ from: Int, _ to: Int) -> Range<Int> { from * scale ..< to * scale }
        regions = [
            ("jiangxi", 1, [range(0, 1_400)]),
            ("jiangxi/nanchang", 2, [range(1_000, 1_800)]),
            ("jiangxi/nanchang/donghu", 3, [range(1_600, 2_000), range(500, 600)]),
        ]
        people = 2_000 * scale
        source = RangeListSource(lists: Dictionary(uniqueKeysWithValues: regions.map { ($0.path, $0.ranges) }))
    }

    /// 2 000 people on 2 700 list positions.
    static let standard = Overlap(scale: 1)

    /// Who each region must send to: its own numbers no deeper region lists.
    func attributed(to path: String) -> Set<String> {
        guard let index = regions.firstIndex(where: { $0.path == path }) else { return [] }
        let own = Set(regions[index].ranges.flatMap { $0 })
        let deeper = Set(regions.filter { $0.rank > regions[index].rank }.flatMap { $0.ranges.flatMap { $0 } })
        return Set(own.subtracting(deeper).map(SyntheticSource.number))
    }

    func broadcasts(message: String = "launch", dueAt: Int64 = Sample.launchAt) -> [NewBroadcast] {
        regions.map { region in
            Sample.regional(message: message, region: region.path, rank: region.rank,
                            list: region.path, count: source.count(of: region.path), dueAt: dueAt)
        }
    }
}

extension Sample {
    /// A list broadcast of `region`, ranked as the expander ranks it (its depth).
    static func regional(message: String = "launch", region: String, rank: Int, list: String, count: Int64?,
                         dueAt: Int64 = launchAt, destination: String = "kannel") -> NewBroadcast {
        NewBroadcast(key: key(message: message, region: region), destination: destination, text: "【江西公安】谨防电信诈骗",
                     dueAt: dueAt, recipients: .list(list, count: count), rank: rank)
    }
}

extension OutboxConnection {
    /// Leases `batch` at a time and records each lease delivered until nothing
    /// is due; returns every lease in order.
    @discardableResult
    func drain(now: Int64, batch: Int, owner: String = "d", source: any RecipientSource) throws -> [Lease] {
        var all: [Lease] = []
        while true {
            let leases = try leaseDue(now: now, limit: batch, owner: owner, leaseSeconds: 30, source: source)
            if leases.isEmpty { return all }
            try record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: owner)
            all += leases
        }
    }

    /// Each broadcast's positions all accounted for: delivered, stored, unread
    /// or a duplicate — nothing counted twice, nothing missing.
    func positionsAddUp() throws -> Bool {
        try broadcastStatuses(limit: 1_000).allSatisfy { status in
            status.total.map { $0 == status.counts.total + status.duplicates } ?? false
        }
    }
}
