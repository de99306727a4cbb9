import LineLanguage

/// A loaded, validated schedule: the campaign, its region tree in declaration
/// order (parents before children), and its messages.
public struct ScheduleDocument: Hashable, Sendable {
    public var campaign: Campaign
    public var regions: [Region]
    public var messages: [Message]
    /// Every file read, the root first, for reload watching.
    public var files: [String]
    /// Every gateway and endpoint name used, in order, for the config check.
    public var references: [NameReference]

    public init(campaign: Campaign, regions: [Region], messages: [Message], files: [String],
                references: [NameReference] = []) {
        self.campaign = campaign
        self.regions = regions
        self.messages = messages
        self.files = files
        self.references = references
    }
}
