/// What a transfer that got no HTTP answer means. Everything a peer or the
/// network can heal is retried, TLS failures included: a certificate that fails
/// today is usually renewed by the peer within the retry window, and the retry
/// budget bounds the cost. Only a request we could not even build is permanent,
/// since sending it again cannot change the outcome.
///
/// The reason never includes curl's message: it names hosts, and a host or URL
/// can carry a key (`…/send?key=…`), which must not reach `status` or metrics.
extension Verdict {
    /// `timeout` is the transfer's configured total timeout, for `timeout after 10s`.
    public init(_ error: TransportError, timeout: Double? = nil) {
        switch error.kind {
        case .invalidRequest:
            self = .permanent(reason: error.kind.rawValue)
        case .timedOut:
            let reason = timeout.map { "timeout after \(Verdict.shortSeconds($0))" } ?? "timeout"
            self = .retry(reason: reason, after: nil)
        case .tls:
            // `tls: certificate from an unknown CA`: a fixed phrase, so an operator reading
            // `status` knows to look at `ca-file` without curl's text reaching it.
            self = .retry(reason: error.tlsProblem.map { "tls: \($0.rawValue)" } ?? error.kind.rawValue, after: nil)
        case .connectionRefused, .connectionReset, .dnsFailure, .tooLarge, .malformedResponse, .other:
            self = .retry(reason: error.kind.rawValue, after: nil)
        }
    }

    /// `10s`, `2.5s`, `1m30s`, `24h`: the largest whole unit that fits, then the rest.
    static func shortSeconds(_ seconds: Double) -> String {
        guard seconds == seconds.rounded(), seconds >= 0, seconds < 1e12 else {
            return "\((seconds * 1000).rounded() / 1000)s"
        }
        var rest = Int64(seconds)
        var out = ""
        for (unit, size) in [("h", Int64(3600)), ("m", 60), ("s", 1)] where rest >= size || (unit == "s" && out.isEmpty) {
            out += "\(rest / size)\(unit)"
            rest %= size
            if rest == 0 { break }
        }
        return out
    }
}
