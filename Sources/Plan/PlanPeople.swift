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
