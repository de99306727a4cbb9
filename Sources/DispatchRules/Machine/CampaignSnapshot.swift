import Loading

/// The running schedule as one value: what the last successful load produced,
/// by campaign name. The daemon's `CampaignRegistry` hands it to the dispatch
/// machine each turn; the rehearsal builds one from its own load.
public struct CampaignSnapshot: Sendable {
    public init(version: Int, campaigns: [String: LoadedCampaign], files: [String]) {
        self.version = version
        self.campaigns = campaigns
        self.files = files
    }

    /// Bumped by every swap, so services notice a reload cheaply.
    public var version: Int
    public var campaigns: [String: LoadedCampaign]
    public var files: [String]

    public func regionName(campaign: String, path: String) -> String {
        campaigns[campaign]?.document.regions.first { $0.path.description == path }?.displayName ?? path
    }
}
