import LineLanguage

/// A loaded, validated schedule: the campaign, its region tree in declaration
/// order (parents before children), and its messages.
public struct ScheduleDocument: Hashable, Sendable {
    public var campaign: Campaign
    public var regions: [Region]
    public var messages: [Message]
    /// Every file read, the root first, for reload watching.
    public var files: [String]

    public init(campaign: Campaign, regions: [Region], messages: [Message], files: [String]) {
        self.campaign = campaign
        self.regions = regions
        self.messages = messages
        self.files = files
    }
}
