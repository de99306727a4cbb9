import Schedule

/// The distinct people each message's SMS reaches, for `plan`: every
/// occurrence of a message reaches the same regions, and messages with the
/// same targets the same lists, so each distinct set of lists is read and
/// counted once and the count shared.
///
/// Memory: 8 bytes per position of the largest reach while it is counted
/// (plus the sort's scratch space); a reach with more positions than `limit`
/// is not counted at all, and the reports then show positions with a note.
public struct PlanPeople: Sendable {
    /// 20 million positions: about 160 MB while counting (240 MB while sorting).
    public static let defaultLimit = 20_000_000

    /// Per message index: its SMS reach's count; nil when it sends no SMS or was not counted.
    public let reaches: [ReachCount?]
    /// Messages whose reach was too large to count, with its positions, in document order.
    public let uncounted: [(message: Int, positions: Int)]
    /// The most positions one reach may have to be counted.
    public let limit: Int
    /// How many distinct sets of lists were read and counted.
    public let reachesCounted: Int
    /// Each counted set of lists (region indices, sorted) and its count.
    private let counted: [[Int]: ReachCount]
    /// Every list any message sends SMS to, counted together: the campaign's
    /// distinct people. nil when a message's reach was not counted or the
    /// union is too large; then the totals do not say how many people.
    private let union: (lists: [Int], count: ReachCount)?

    public init(_ plan: Plan, limit: Int = defaultLimit) {
        self.limit = limit
        var known: [[Int]: ReachCount] = [:]
        var uncounted: [(message: Int, positions: Int)] = []
        reaches = plan.messages.enumerated().map { index, messagePlan in
            guard let lists = plan.smsLists(of: messagePlan) else { return nil }
            if let count = known[lists] { return count }
            let positions = lists.reduce(0) { $0 + (plan.recipientTallies[$1]?.numbers ?? 0) }
            guard positions <= limit, lists.count <= ReachCount.regionLimit else {
                uncounted.append((index, positions))
                return nil
            }
            let count = ReachCount(regions: lists, tree: plan.tree, country: plan.document.campaign.country,
                                   expectedPositions: positions)
            known[lists] = count
            return count
        }
        self.uncounted = uncounted
        reachesCounted = known.count
        let lists = Set(known.keys.joined()).sorted()
        let positions = lists.reduce(0) { $0 + (plan.recipientTallies[$1]?.numbers ?? 0) }
        if let count = known[lists] {
            union = (lists, count)
        } else if uncounted.isEmpty, !lists.isEmpty, positions <= limit, lists.count <= ReachCount.regionLimit {
            union = (lists, ReachCount(regions: lists, tree: plan.tree, country: plan.document.campaign.country,
                                       expectedPositions: positions))
        } else {
            union = nil
        }
        counted = known
    }

    /// The distinct people the SMS of these messages reach (message indices),
    /// over the regions the mask lets through: from the count of exactly their
    /// lists, or of every list when they are all the messages' lists together.
    func distinct(ofMessages messages: [Int], plan: Plan, regionMask: [Bool]?) -> Int? {
        let lists = Set(messages.compactMap { plan.smsLists(of: plan.messages[$0]) }.joined()).sorted()
        let count = counted[lists] ?? (union?.lists == lists ? union?.count : nil)
        return count?.counts(regionMask: regionMask).people
    }

    /// The count of the message at `index`, when it has one.
    public func reach(ofMessage index: Int) -> ReachCount? {
        reaches.indices.contains(index) ? reaches[index] : nil
    }

    /// Whether the message at `index` sends SMS but its people were not counted.
    public func isUncounted(_ index: Int) -> Bool {
        uncounted.contains { $0.message == index }
    }
}

extension Plan {
    /// The regions with an SMS list that the message sends an SMS to, in
    /// declaration order; nil when it sends none.
    func smsLists(of plan: MessagePlan) -> [Int]? {
        guard plan.message.channels.contains(.sms), plan.message.texts[.sms] != nil else { return nil }
        let lists = plan.regions.filter { tree.isBound($0, to: .sms) }
        return lists.isEmpty ? nil : lists
    }
}
