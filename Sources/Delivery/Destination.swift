/// A gateway or endpoint as the delivery loop uses it: the dialect that builds
/// its requests and reads its answers, and how hard and how often it may be tried.
/// Built from the config by `DestinationFactory`; config values win over the
/// dialect's documented defaults.
public struct Destination: Sendable {
    public enum Kind: String, Hashable, Sendable {
        case gateway
        case endpoint
    }

    /// Transfers may take this long when the config names no `timeout`.
    public static let defaultTimeout: Duration = .seconds(30)
    /// In flight at once when neither the config nor the dialect says.
    public static let defaultConcurrency = 4

    /// The block's name in `broadcastd.conf`.
    public var name: String
    public var kind: Kind
    public var dialect: any Dialect
    /// Token buckets and the in-flight cap (`rateLimit.concurrency` equals `concurrency`).
    public var rateLimit: RateLimit
    public var retryPolicy: RetryPolicy
    /// For the whole transfer of one attempt.
    public var timeout: Duration
    public var concurrency: Int
    /// A PEM bundle for a gateway on a private PKI; `request(for:now:)` puts it on every request.
    public var caFile: String?
    /// Where a gateway's "unsubscribed recipient" answer puts the number; set by
    /// the daemon, nil in tools that only send.
    public var optOuts: (any OptOutRecording)?

    public init(name: String, kind: Kind, dialect: any Dialect, rateLimit: RateLimit, retryPolicy: RetryPolicy,
                timeout: Duration, concurrency: Int, caFile: String? = nil) {
        self.name = name
        self.kind = kind
        self.dialect = dialect
        self.rateLimit = rateLimit
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.concurrency = concurrency
        self.caFile = caFile
    }

    /// The dialect's request for `message`, with this destination's transport
    /// settings (its `ca-file`) on it. The daemon and `test-send` both build their
    /// requests here, so what `test-send` proves is what the daemon sends.
    public func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        var request = try dialect.request(for: message, now: now)
        request.caFile = caFile
        return request
    }

    /// `timeout` in seconds, as `Verdict(_:timeout:)` takes it.
    public var timeoutSeconds: Double {
        Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    }
}
