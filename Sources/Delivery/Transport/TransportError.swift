/// Why a transfer produced no HTTP response. The message is curl's error
/// buffer text, which names hosts and ports but never request bodies or query strings.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case connectionRefused = "connection refused"
        case connectionReset = "connection reset"
        case timedOut = "timeout"
        case dnsFailure = "dns failure"
        case tls = "tls"
        case tooLarge = "response too large"
        case malformedResponse = "malformed response"
        case invalidRequest = "invalid request"
        case other = "transport error"
    }

    public var kind: Kind
    public var message: String
    /// For `.tls` from curl: what the failure most likely means.
    public var tlsProblem: TLSProblem?

    public init(_ kind: Kind, _ message: String, tlsProblem: TLSProblem? = nil) {
        self.kind = kind
        self.message = message
        self.tlsProblem = tlsProblem
    }

    /// `tls: SSL certificate problem: … (hint: … set 'ca-file' …)`: curl's detail, then what to do.
    public var description: String {
        "\(kind.rawValue): \(message)" + (tlsProblem.map { " (hint: \($0.hint))" } ?? "")
    }
}
