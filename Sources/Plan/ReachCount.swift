import Schedule

/// The people one *reach* sends to: the SMS lists of every region one message
/// reaches, which the daemon sends as one copy per person. A number on several
/// lists goes out once, from the deepest region (the outbox reads counties
/// before their city); at equal depth from the first declared (the daemon
/// takes whichever list it reads first); a number repeated in a list goes out
/// once. Every other position is a duplicate of the region whose list has it.
public struct ReachCount: Hashable, Sendable {
    /// Per region index: the distinct numbers sent from its list.
    public var people: [Int: Int] = [:]
    /// Per region index: positions of its list not sent from it, because the
    /// number goes out from another list of the reach or repeats in this one.
    public var duplicates: [Int: Int] = [:]
    /// Lists that cannot be read: they send nothing, and the counts leave them out.
    public var unreadableLists = 0

    /// Distinct numbers over the whole reach.
    public var total: Int { people.values.reduce(0, +) }

    /// More regions than this in one reach and they no longer fit beside the
    /// number in one 64-bit key (15 digits need 50 bits; 13 remain).
    public static let regionLimit = 1 << DistinctCounter.slotBits

    public init() {}

    /// Reads the lists of `regions` (indices into `tree`, each with an SMS list)
    /// once each, holding 8 bytes per position read; `expectedPositions` sizes
    /// the array up front, so it is not copied while it grows.
    public init(regions: [Int], tree: RegionTree, country: CallingCode, expectedPositions: Int = 0) {
        let ranked = regions.sorted {
            (-tree.regions[$0].path.depth, $0) < (-tree.regions[$1].path.depth, $1)
        }
        var counter = DistinctCounter(slots: ranked.count, capacity: expectedPositions)
        for (slot, region) in ranked.enumerated() {
            guard let list = tree.regions[region].sms,
                  let reader = try? PhoneListReader(path: list.resolvedPath, country: country) else {
                unreadableLists += 1
                continue
            }
            do {
                while let entry = try reader.next() {
                    if case .number(let phone) = entry { counter.add(phone.digits, slot: slot) }
                }
            } catch {
                unreadableLists += 1
            }
        }
        let counts = counter.finish()
        for (slot, region) in ranked.enumerated() {
            people[region] = counts.sent[slot]
            duplicates[region] = counts.duplicates[slot]
        }
    }

    /// People and duplicates over the regions the mask lets through (all without one).
    public func counts(regionMask: [Bool]?) -> (people: Int, duplicates: Int) {
        var result = (people: 0, duplicates: 0)
        for (region, sent) in people where regionMask?[region] ?? true {
            result.people += sent
            result.duplicates += duplicates[region, default: 0]
        }
        return result
    }
}

/// Counts distinct numbers and where each goes out from, without keeping a
/// string: each position is one `Int64`, the number's digits shifted left with
/// its list's rank (slot) in the low bits, so after one sort a number's
/// positions lie together, the most specific list first.
struct DistinctCounter: Sendable {
    static let slotBits = 13
    private let slots: Int
    private var keys: [Int64] = []

    /// `slots` lists, ranked: slot 0 is the most specific.
    init(slots: Int, capacity: Int = 0) {
        precondition(slots <= 1 << Self.slotBits, "at most \(1 << Self.slotBits) lists in one count")
        self.slots = slots
        keys.reserveCapacity(capacity)
    }

    /// A position of list `slot` holding `number` (the E.164 digits, below 2^50).
    mutating func add(_ number: Int64, slot: Int) {
        keys.append(number << Self.slotBits | Int64(slot))
    }

    /// Per slot, the numbers sent from it (the first position of each number,
    /// in the lowest slot) and its duplicates (every other position).
    mutating func finish() -> (sent: [Int], duplicates: [Int]) {
        var sent = Array(repeating: 0, count: slots)
        var duplicates = Array(repeating: 0, count: slots)
        keys.sort()
        let mask = Int64(1 << Self.slotBits - 1)
        var previous: Int64?
        for key in keys {
            let number = key >> Self.slotBits
            let slot = Int(key & mask)
            if number == previous {
                duplicates[slot] += 1
            } else {
                sent[slot] += 1
                previous = number
            }
        }
        keys = []
        return (sent, duplicates)
    }
}
