import CCurl

/// What a TLS failure most likely means, read from curl's code and error
/// buffer, and what the operator does about it. The words are fixed phrases,
/// never curl's text, so they are safe for `status` and the outbox too.
public enum TLSProblem: String, Hashable, Sendable {
    case untrustedIssuer = "certificate from an unknown CA"
    case hostnameMismatch = "certificate for another host name"
    case expired = "certificate expired"
    case unusableCAFile = "ca-file unusable"
    case handshake = "handshake failed"

    public var hint: String {
        switch self {
        case .untrustedIssuer:
            return "the gateway's certificate is signed by a CA this machine does not trust; for a private CA, "
                + "set 'ca-file' in its block to that CA's PEM certificate"
        case .hostnameMismatch:
            return "the certificate names another host than the url; use the name it was issued for in 'url'"
        case .expired:
            return "the gateway's certificate has expired (or this machine's clock is wrong); its operator must renew it"
        case .unusableCAFile:
            return "the 'ca-file' cannot be read or holds no certificate; run 'broadcastctl check --config'"
        case .handshake:
            return "the peer may not speak TLS on this port (http:// vs https://) or offers no common protocol"
        }
    }

    static func classify(curlCode code: CURLcode, message: String) -> TLSProblem {
        let text = message.lowercased()
        if code == CURLE_SSL_CACERT_BADFILE { return .unusableCAFile }
        if text.contains("expired") { return .expired }
        if text.contains("subject name") || text.contains("host name") || text.contains("hostname") {
            return .hostnameMismatch
        }
        if code == CURLE_PEER_FAILED_VERIFICATION || text.contains("issuer") || text.contains("self-signed")
            || text.contains("self signed") {
            return .untrustedIssuer
        }
        return .handshake
    }
}
