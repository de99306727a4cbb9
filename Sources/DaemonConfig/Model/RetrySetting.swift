/// `retry 10 attempts within 24h`: give up after this many attempts (the first
/// send included) or once the first attempt is this old, whichever comes first.
/// A nil bound means the delivery layer's default for it.
public struct RetrySetting: Hashable, Sendable, CustomStringConvertible {
    public var attempts: Int?
    public var within: Duration?

    public init(attempts: Int? = nil, within: Duration? = nil) {
        self.attempts = attempts
        self.within = within
    }

    public var description: String {
        [attempts.map { "\($0) attempts" }, within.map { "within \(DurationSyntax.format($0))" }]
            .compactMap { $0 }.joined(separator: " ")
    }
}
