import Outbox
import Plan
import Schedule

/// The people of a campaign's lists who are on its `optout` file: the outbox
/// skips them at lease, as opted out. Read as the daemon reads the file
/// (`PhoneListReader`, the campaign's country); each list is read once and its
/// opted-out numbers counted, so memory is the opt-out list's numbers only.
/// With `outbox`, the numbers of the outbox's own opt-out table (replies,
/// delivery reports, `broadcastctl optout add`) count too, as the daemon skips
/// those at lease as well.
struct RehearsalOptOuts {
    private var byList: [String: Set<String>] = [:]

    init(campaign: Campaign, lists: [String], outbox: Set<String> = []) {
        var numbers = outbox
        if let file = campaign.optOutList,
           let reader = try? PhoneListReader(path: file.resolvedPath, country: campaign.country) {
            while let entry = try? reader.next() {
                if case .number(let phone) = entry { numbers.insert(phone.e164) }
            }
        }
        guard !numbers.isEmpty else { return }
        for list in Set(lists) {
            guard let listReader = try? PhoneListReader(path: list, country: campaign.country) else { continue }
            var seen: Set<String> = []
            while let entry = try? listReader.next() {
                if case .number(let phone) = entry, numbers.contains(phone.e164) { seen.insert(phone.e164) }
            }
            byList[list] = seen
        }
    }

    /// The opted-out numbers of each list broadcast of one occurrence, each
    /// counted once, at the list that sends it: the deepest (highest rank)
    /// first, as the reach claims a person there and passes over their
    /// positions on the other lists. Indexed like `broadcasts`.
    func counts(_ broadcasts: [NewBroadcast]) -> [Int] {
        var counts = Array(repeating: 0, count: broadcasts.count)
        var claimed: [String: Set<String>] = [:]  // per channel
        let deepestFirst = broadcasts.indices.sorted { broadcasts[$0].rank > broadcasts[$1].rank }
        for index in deepestFirst {
            guard case .list(let path, _) = broadcasts[index].recipients, let numbers = byList[path] else { continue }
            let channel = broadcasts[index].key.channel
            let fresh = numbers.subtracting(claimed[channel] ?? [])
            counts[index] = fresh.count
            claimed[channel, default: []].formUnion(fresh)
        }
        return counts
    }
}
