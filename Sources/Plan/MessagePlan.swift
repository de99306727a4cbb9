import Schedule

/// One message expanded: when it fires and which regions it reaches.
public struct MessagePlan: Hashable, Sendable {
    public var message: Message
    /// Sorted by instant, one per instant.
    public var occurrences: [Occurrence]
    /// The regions its `to` list selects, as indices into the plan's region tree,
    /// in declaration order, whether or not they are bound to its channels.
    public var regions: [Int]
    /// How many selected regions have no binding for each of its channels:
    /// they get nothing there, and `check` warns.
    public var unbound: [Channel: Int]

    public init(message: Message, occurrences: [Occurrence], regions: [Int], unbound: [Channel: Int]) {
        self.message = message
        self.occurrences = occurrences
        self.regions = regions
        self.unbound = unbound
    }
}
