import Outbox

/// Made-up mobile numbers generated from an index, so lists of thousands cost no memory.
public enum SyntheticNumber {
    public static func of(_ index: Int) -> String {
        let digits = String(index)
        return "+86139" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// Lists made of ranges of synthetic numbers; the token is the position in the list.
public struct RangeListSource: RecipientSource, Sendable {
    public var lists: [String: [Range<Int>]]

    public init(lists: [String: [Range<Int>]]) {
        self.lists = lists
    }

    public func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let ranges = lists[list] ?? []
        let count = ranges.reduce(0) { $0 + $1.count }
        let start = min(Int(token), count)
        let end = min(start + limit, count)
        var recipients: [String] = []
        var skipped = 0
        for range in ranges {
            let from = max(start - skipped, 0)
            let to = min(end - skipped, range.count)
            if from < to { recipients += range.dropFirst(from).prefix(to - from).map(SyntheticNumber.of) }
            skipped += range.count
        }
        return RecipientSlice(recipients: recipients, next: Int64(end), isEnd: end == count)
    }

    public func count(of list: String) -> Int64 { Int64(lists[list, default: []].reduce(0) { $0 + $1.count }) }
}

/// A province, a city inside it and a county inside the city, whose lists overlap
/// the way real ones do: the city's people are partly on the province's list,
/// the county's partly on both, and one county block only on the province's.
/// `scale` multiplies every range. Shared by the conformance suite and the
/// SQLite backend's own tests (its SIGKILL and pruning tests).
public struct Overlap: Sendable {
    public var regions: [(path: String, rank: Int, ranges: [Range<Int>])]
    /// Every distinct number: 0 ..< people.
    public var people: Int
    public var source: RangeListSource

    /// The campaign, occurrence and text every broadcast here has.
    public static let campaign = "chunfeng"
    public static let launch: Int64 = 1_612_872_000
    public static let text = "【江西公安】谨防电信诈骗"

    public init(scale: Int) {
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
    public static let standard = Overlap(scale: 1)

    /// Who each region must send to: its own numbers no deeper region lists.
    public func attributed(to path: String) -> Set<String> {
        guard let index = regions.firstIndex(where: { $0.path == path }) else { return [] }
        let own = Set(regions[index].ranges.flatMap { $0 })
        let deeper = Set(regions.filter { $0.rank > regions[index].rank }.flatMap { $0.ranges.flatMap { $0 } })
        return Set(own.subtracting(deeper).map(SyntheticNumber.of))
    }

    public func broadcasts(message: String = "launch", dueAt: Int64 = Overlap.launch) -> [NewBroadcast] {
        regions.map { region in
            Self.regional(message: message, region: region.path, rank: region.rank,
                          list: region.path, count: source.count(of: region.path), dueAt: dueAt)
        }
    }

    /// A list broadcast of `region`, ranked as the expander ranks it (its depth).
    public static func regional(message: String = "launch", region: String, rank: Int, list: String, count: Int64?,
                                dueAt: Int64 = launch, destination: String = "kannel") -> NewBroadcast {
        NewBroadcast(key: BroadcastKey(campaign: campaign, message: message, occurrence: launch, region: region,
                                       channel: "sms", audience: "list"),
                     destination: destination, text: text, dueAt: dueAt, recipients: .list(list, count: count), rank: rank)
    }
}
