import Schedule

/// One message expanded: when it fires and which regions it reaches.
public struct MessagePlan: Hashable, Sendable {
    public var message: Message
    /// Sorted by instant, one per instant.
    public var occurrences: [Occurrence]
    /// The regions its `to` list selects, as indices into the plan's region tree,
    /// in declaration order, whether or not they are bound to its channels.
    public var regions: [Int]
    /// Per channel, the selected regions (indices, in declaration order) that get
    /// nothing there: no binding of their own, and no selected ancestor bound to
    /// it whose list or group covers them. `check` warns about them by name.
    public var unbound: [Channel: [Int]]

    public init(message: Message, occurrences: [Occurrence], regions: [Int], unbound: [Channel: [Int]]) {
        self.message = message
        self.occurrences = occurrences
        self.regions = regions
        self.unbound = unbound
    }
}
