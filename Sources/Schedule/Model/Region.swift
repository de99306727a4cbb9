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

/// A region of the schedule. Its fields live in one immutable box: a plan
/// hands out a copy with every entry (700,000 in a province's quarter), and
/// copying eight reference-counted fields each time was a tenth of `check`
/// plus expansion (`bench schedule`); a box is one retain. Setting a field
/// makes a new box, so the value semantics are those of a plain struct.
public struct Region: Hashable, Sendable {
    private struct Fields: Hashable, Sendable {
        var path: RegionPath
        var displayName: String
        var sms: RecipientList?
        var webhooks: [String]
        var variables: [String: String]
        var people: Int?
        var location: SourceLocation
    }

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    public init(path: RegionPath, displayName: String, sms: RecipientList? = nil, webhooks: [String] = [],
                variables: [String: String] = [:], people: Int? = nil, location: SourceLocation) {
        box = Box(Fields(path: path, displayName: displayName, sms: sms, webhooks: webhooks, variables: variables,
                         people: people, location: location))
    }

    public var path: RegionPath {
        get { box.fields.path }
        set { update { $0.path = newValue } }
    }
    public var displayName: String {
        get { box.fields.displayName }
        set { update { $0.displayName = newValue } }
    }
    public var sms: RecipientList? {
        get { box.fields.sms }
        set { update { $0.sms = newValue } }
    }
    /// Endpoint names defined in broadcastd.conf.
    public var webhooks: [String] {
        get { box.fields.webhooks }
        set { update { $0.webhooks = newValue } }
    }
    /// The region's own `set` variables, before inheritance.
    public var variables: [String: String] {
        get { box.fields.variables }
        set { update { $0.variables = newValue } }
    }
    /// `people N`: an estimate of the people living there (a census figure),
    /// for rehearsing before the list exists; never used to send.
    public var people: Int? {
        get { box.fields.people }
        set { update { $0.people = newValue } }
    }
    public var location: SourceLocation {
        get { box.fields.location }
        set { update { $0.location = newValue } }
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = box.fields
        change(&fields)
        box = Box(fields)
    }

    public static func == (lhs: Region, rhs: Region) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
    }
}
