import LineLanguage

/// A slash-separated region path, `jiangxi/nanchang/donghu`, from the province down.
public struct RegionPath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var components: [String]

    public init(components: [String]) { self.components = components }

    public init(_ text: String) {
        self.components = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    public var parent: RegionPath? {
        components.count > 1 ? RegionPath(components: Array(components.dropLast())) : nil
    }

    public var depth: Int { components.count }

    /// True when `self` lies strictly below `ancestor`.
    public func isDescendant(of ancestor: RegionPath) -> Bool {
        components.count > ancestor.components.count && components.starts(with: ancestor.components)
    }

    public static func < (lhs: RegionPath, rhs: RegionPath) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    public var description: String { components.joined(separator: "/") }
}

/// Where a region's SMS recipients come from, and through which gateway
/// (nil: the campaign's `sms-gateway`).
public struct RecipientList: Hashable, Sendable {
    /// As written in the schedule, for messages and `fmt`.
    public var path: String
    /// Resolved against the directory of the file that names it.
    public var resolvedPath: String
    public var gateway: String?
    public var location: SourceLocation

    public init(path: String, resolvedPath: String, gateway: String?, location: SourceLocation) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.gateway = gateway
        self.location = location
    }
}

public struct Region: Hashable, Sendable {
    public var path: RegionPath
    public var displayName: String
    public var sms: RecipientList?
    /// Endpoint names defined in broadcastd.conf.
    public var webhooks: [String]
    /// The region's own `set` variables, before inheritance.
    public var variables: [String: String]
    /// `people N`: an estimate of the people living there (a census figure),
    /// for rehearsing before the list exists; never used to send.
    public var people: Int?
    public var location: SourceLocation

    public init(path: RegionPath, displayName: String, sms: RecipientList? = nil, webhooks: [String] = [],
                variables: [String: String] = [:], people: Int? = nil, location: SourceLocation) {
        self.path = path
        self.displayName = displayName
        self.sms = sms
        self.webhooks = webhooks
        self.variables = variables
        self.people = people
        self.location = location
    }
}
