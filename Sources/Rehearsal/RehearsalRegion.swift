import Plan
import Schedule

/// One region of a rehearsed campaign, over the whole rehearsed period: the
/// people one of its SMS broadcasts reaches (its list's people, deepest region
/// first, or its `people N` estimate), and what the rehearsal handed to the
/// gateways for it. The HTML report draws these as the region tree.
public struct RehearsalRegion: Sendable, Equatable {
    public var campaign: String
    public var path: RegionPath
    public var displayName: String
    /// The most people one occurrence sent to here by SMS; nil when nothing went by SMS.
    public var people: Int?
    /// `people` is the region's `people N` estimate.
    public var estimated = false
    /// SMS handed to gateways for this region over the period (first attempts; retries are not people).
    public var smsSent = 0
    /// Webhook posts delivered for this region.
    public var webhookPosts = 0

    /// Depth in the tree: a province 1, a city 2, a county 3.
    public var depth: Int { path.components.count }

    /// Every region of `tree` in tree order (parents before children), with what
    /// `planned` (broadcasts with their people) and their tallies say of it.
    static func regions(campaign: String, tree: RegionTree,
                        sent: [(region: String, channel: String, people: Int, estimated: Bool, delivered: Int)]) -> [RehearsalRegion] {
        var byPath: [String: RehearsalRegion] = [:]
        for region in tree.regions {
            byPath[region.path.description] = RehearsalRegion(campaign: campaign, path: region.path, displayName: region.displayName)
        }
        for item in sent {
            guard var region = byPath[item.region] else { continue }
            if item.channel == Channel.sms.rawValue {
                if item.people >= region.people ?? 0 { region.estimated = item.estimated }
                region.people = max(region.people ?? 0, item.people)
                region.smsSent += item.delivered
            } else {
                region.webhookPosts += item.delivered
            }
            byPath[item.region] = region
        }
        return tree.regions.sorted { $0.path < $1.path }.compactMap { byPath[$0.path.description] }
    }
}
