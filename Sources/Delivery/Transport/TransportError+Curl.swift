import CCurl
#if canImport(Glibc)
import Glibc
#endif

extension TransportError {
    /// The typed error for a transfer that ended with `code`; `osErrno` is
    /// CURLINFO_OS_ERRNO, which tells a refused connect from an unreachable one
    /// and a reset from an orderly close. The message is curl's error buffer
    /// when it has one, else curl_easy_strerror, with the URL's secrets removed.
    init(curlCode code: CURLcode, osErrno: Int32, errorBuffer: String?, url: String) {
        let message = errorBuffer.flatMap { $0.isEmpty ? nil : $0 } ?? String(cString: curl_easy_strerror(code))
        let kind = Self.kind(curlCode: code, osErrno: osErrno)
        self.init(kind, Self.redacting(message, secretsOf: url),
                  tlsProblem: kind == .tls ? TLSProblem.classify(curlCode: code, message: message) : nil)
    }

    static func kind(curlCode code: CURLcode, osErrno: Int32) -> Kind {
        switch (code, osErrno) {
        case (CURLE_OPERATION_TIMEDOUT, _), (CURLE_COULDNT_CONNECT, ETIMEDOUT):
            return .timedOut
        case (CURLE_COULDNT_CONNECT, _):
            // ECONNREFUSED, but also EHOSTUNREACH/ENETUNREACH: nobody took the connection.
            return .connectionRefused
        case (CURLE_COULDNT_RESOLVE_HOST, _), (CURLE_COULDNT_RESOLVE_PROXY, _):
            return .dnsFailure
        case (CURLE_RECV_ERROR, _), (CURLE_SEND_ERROR, _), (CURLE_GOT_NOTHING, _), (CURLE_PARTIAL_FILE, _):
            // Each means the peer went away mid-exchange, whether by RST (ECONNRESET, EPIPE) or an early FIN.
            return .connectionReset
        case (CURLE_SSL_CONNECT_ERROR, _), (CURLE_PEER_FAILED_VERIFICATION, _), (CURLE_SSL_CERTPROBLEM, _),
             (CURLE_SSL_CIPHER, _), (CURLE_SSL_CACERT_BADFILE, _), (CURLE_SSL_ISSUER_ERROR, _),
             (CURLE_SSL_CRL_BADFILE, _), (CURLE_SSL_PINNEDPUBKEYNOTMATCH, _), (CURLE_SSL_INVALIDCERTSTATUS, _),
             (CURLE_SSL_ENGINE_NOTFOUND, _), (CURLE_SSL_ENGINE_SETFAILED, _), (CURLE_SSL_ENGINE_INITFAILED, _),
             (CURLE_USE_SSL_FAILED, _), (CURLE_SSL_SHUTDOWN_FAILED, _):
            return .tls
        case (CURLE_FILESIZE_EXCEEDED, _):
            return .tooLarge
        case (CURLE_WEIRD_SERVER_REPLY, _), (CURLE_HTTP2, _), (CURLE_HTTP2_STREAM, _),
             (CURLE_BAD_CONTENT_ENCODING, _), (CURLE_HTTP3, _):
            return .malformedResponse
        case (CURLE_URL_MALFORMAT, _), (CURLE_UNSUPPORTED_PROTOCOL, _), (CURLE_BAD_FUNCTION_ARGUMENT, _):
            return .invalidRequest
        default:
            return .other
        }
    }

    /// Removes from `message` anything of `url` that may carry a secret: the
    /// whole URL, its query string (WeCom's `?key=`), its user information and
    /// its path (some gateways put tokens there). Host and port stay: they are
    /// what an operator needs to find the broken peer.
    static func redacting(_ message: String, secretsOf url: String) -> String {
        var result = message
        for secret in secretParts(of: url) where secret.count >= 4 {
            result = result.replacingAll(secret, with: "[redacted]")
        }
        return result
    }

    private static func secretParts(of url: String) -> [Substring] {
        var parts: [Substring] = [Substring(url)]
        let afterScheme = url.firstRange(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        if let query = afterScheme.firstIndex(of: "?") {
            parts.append(afterScheme[afterScheme.index(after: query)...])
        }
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            parts.append(authority[..<at])
        }
        let pathAndQuery = afterScheme[authorityEnd...]
        if pathAndQuery.count > 1 { parts.append(pathAndQuery) }
        // Longest first, so a part never leaves a fragment of a longer one behind.
        return parts.sorted { $0.count > $1.count }
    }
}

private extension String {
    func replacingAll(_ target: Substring, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
