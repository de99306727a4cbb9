import CCurl

extension EasyHandle {
    /// The options every transfer of this handle shares; set once per handle.
    /// `caFile` is fixed too: a handle only ever carries requests trusting the same CA.
    func applyFixedOptions(_ configuration: HTTPTransport.Configuration, caFile: String?) throws(TransportError) {
        try set(noSignal: true)
        try set(allowedProtocols: "http,https")
        try set(connectTimeoutMilliseconds: configuration.connectTimeout.curlMilliseconds)
        try setTLSVerification()
        if let caFile { try set(caFile: caFile) }
        try set(followRedirects: false)
        try disableProxy()
        try set(tcpKeepAlive: true)
        try setHTTP2OverTLS()
        try set(waitForMultiplexing: true)
        try set(userAgent: configuration.userAgent)
    }

    /// Points this (possibly reused) handle at `request`.
    func prepare(for request: HTTPRequest, timeoutMilliseconds: Int) throws(TransportError) {
        for header in request.headers where header.name.contains(where: \.isNewline) || header.value.contains(where: \.isNewline) {
            // Never echo the value: it may be a bearer token.
            throw TransportError(.invalidRequest, "header \(header.name.filter { !$0.isNewline }) contains a line break")
        }
        clearErrorBuffer()
        try set(url: request.url)
        try set(timeoutMilliseconds: timeoutMilliseconds)
        switch request.method {
        case .get:
            try setHTTPGet()
            try set(headers: request.headers)
        case .post:
            try set(postBody: request.body)
            // An empty "Expect:" stops curl from waiting for 100 Continue before large bodies.
            try set(headers: request.headers + [(name: "Expect", value: "")])
        }
    }

    /// The outcome of the transfer that just ended with `code`, leaving the handle empty for reuse.
    func finish(_ code: CURLcode, url: String) -> Result<HTTPResponse, TransportError> {
        let received = received.take()
        let cutAtCap = code == CURLE_WRITE_ERROR && received.truncated
        guard code == CURLE_OK || cutAtCap else {
            return .failure(TransportError(curlCode: code, osErrno: osErrno, errorBuffer: errorBufferText, url: url))
        }
        return .success(HTTPResponse(
            status: responseCode,
            headers: received.headers,
            body: received.body,
            bodyTruncated: received.truncated,
            latency: totalTime
        ))
    }
}

extension Duration {
    /// Whole milliseconds, at least 1: curl reads 0 as "no timeout".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
