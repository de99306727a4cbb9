import CCurl

/// One libcurl easy handle: one labelled setter per option we use, so no other
/// file passes raw option numbers. Used only on the transfer loop's thread.
///
/// Callbacks find their handle through `Unmanaged.passUnretained(self)` in the
/// matching `…DATA` option; the header list and the error buffer are stored
/// properties, so they live exactly as long as curl may read them.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// What the current transfer has received so far.
    var received: ResponseAccumulator
    /// The CURLOPT_CAINFO set on this handle, nil for the system's store. Fixed for the
    /// handle's life: curl has no way back to its built-in default once it is set.
    private(set) var caFile: String?

    init(maxResponseBody: Int) throws(TransportError) {
        guard let raw = curl_easy_init() else {
            throw TransportError(.other, "curl_easy_init failed")
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        received = ResponseAccumulator(bodyCap: maxResponseBody)
        try setErrorBuffer()
        try setCallbacks()
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The text curl left in the error buffer for the last transfer, if any.
    var errorBufferText: String? {
        errorBuffer[0] == 0 ? nil : String(cString: errorBuffer)
    }

    func clearErrorBuffer() { errorBuffer[0] = 0 }

    // MARK: Options

    /// CURLOPT_URL.
    func set(url: String) throws(TransportError) {
        try check(url.withCString { bcd_easy_setopt_pointer(raw, CURLOPT_URL, $0) })
    }

    /// CURLOPT_PROTOCOLS_STR: which URL schemes may be used at all (never file:, ftp:, …).
    func set(allowedProtocols: String) throws(TransportError) {
        try check(allowedProtocols.withCString { bcd_easy_setopt_pointer(raw, CURLOPT_PROTOCOLS_STR, $0) })
    }

    /// CURLOPT_NOSIGNAL: curl must not use signals (SIGALRM for DNS timeouts) in a threaded process.
    func set(noSignal: Bool) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_NOSIGNAL, noSignal ? 1 : 0))
    }

    /// CURLOPT_CONNECTTIMEOUT_MS.
    func set(connectTimeoutMilliseconds: Int) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds))
    }

    /// CURLOPT_TIMEOUT_MS: the whole transfer, connection and body included.
    func set(timeoutMilliseconds: Int) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, timeoutMilliseconds))
    }

    /// CURLOPT_SSL_VERIFYPEER and CURLOPT_SSL_VERIFYHOST (2): there is deliberately no way to turn them off.
    func setTLSVerification() throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1))
        try check(bcd_easy_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2))
    }

    /// CURLOPT_CAINFO: a private CA bundle for gateways on an internal PKI. curl
    /// compares it before reusing a connection, so a connection verified against
    /// another CA (or the system's store) never carries this handle's requests.
    func set(caFile: String) throws(TransportError) {
        try check(caFile.withCString { bcd_easy_setopt_pointer(raw, CURLOPT_CAINFO, $0) })
        self.caFile = caFile
    }

    /// CURLOPT_PROXY: "" turns proxies off, so `http_proxy`/`https_proxy` in the daemon's
    /// environment cannot silently route gateway traffic (and its credentials) elsewhere.
    func disableProxy() throws(TransportError) {
        try check("".withCString { bcd_easy_setopt_pointer(raw, CURLOPT_PROXY, $0) })
    }

    /// CURLOPT_FOLLOWLOCATION: a gateway that redirects is misconfigured; we report the 3xx instead.
    func set(followRedirects: Bool) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_FOLLOWLOCATION, followRedirects ? 1 : 0))
    }

    /// CURLOPT_TCP_KEEPALIVE: probes keep idle pooled connections known-good.
    func set(tcpKeepAlive: Bool) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_TCP_KEEPALIVE, tcpKeepAlive ? 1 : 0))
    }

    /// CURLOPT_HTTP_VERSION = CURL_HTTP_VERSION_2TLS: HTTP/2 when the TLS peer offers it, else HTTP/1.1.
    func setHTTP2OverTLS() throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS))
    }

    /// CURLOPT_PIPEWAIT: wait for a connection that can multiplex rather than open another one.
    func set(waitForMultiplexing: Bool) throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_PIPEWAIT, waitForMultiplexing ? 1 : 0))
    }

    /// CURLOPT_USERAGENT.
    func set(userAgent: String) throws(TransportError) {
        try check(userAgent.withCString { bcd_easy_setopt_pointer(raw, CURLOPT_USERAGENT, $0) })
    }

    /// CURLOPT_HTTPHEADER. The list is kept until the next call or deinit, as curl reads it during the transfer.
    func set(headers: [(name: String, value: String)]) throws(TransportError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        try check(bcd_easy_setopt_pointer(raw, CURLOPT_HTTPHEADER, list))
        curl_slist_free_all(headerList)
        headerList = list
    }

    /// CURLOPT_HTTPGET: back to a GET after a POST on this reused handle.
    func setHTTPGet() throws(TransportError) {
        try check(bcd_easy_setopt_long(raw, CURLOPT_HTTPGET, 1))
    }

    /// CURLOPT_POSTFIELDSIZE_LARGE then CURLOPT_COPYPOSTFIELDS: curl keeps its own copy of the body.
    func set(postBody: [UInt8]) throws(TransportError) {
        try check(bcd_easy_setopt_offset(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(postBody.count)))
        // An empty array may have no storage, and a NULL body would make curl read stdin instead.
        try check(postBody.withUnsafeBytes { bytes in
            bytes.baseAddress.map { bcd_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, $0) }
                ?? "".withCString { bcd_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, $0) }
        })
    }

    /// CURLOPT_ERRORBUFFER: curl writes a specific message here, richer than curl_easy_strerror.
    private func setErrorBuffer() throws(TransportError) {
        try check(bcd_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer))
    }

    /// CURLOPT_WRITEFUNCTION/WRITEDATA and CURLOPT_HEADERFUNCTION/HEADERDATA.
    private func setCallbacks() throws(TransportError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(bcd_easy_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let handle = Unmanaged<EasyHandle>.fromOpaque(context!).takeUnretainedValue()
            return handle.received.appendBody(UnsafeRawBufferPointer(start: data, count: size * count))
        })
        try check(bcd_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, context))
        try check(bcd_easy_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let handle = Unmanaged<EasyHandle>.fromOpaque(context!).takeUnretainedValue()
            handle.received.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try check(bcd_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, context))
    }

    // MARK: Information

    /// CURLINFO_RESPONSE_CODE.
    var responseCode: Int {
        var code = 0
        _ = bcd_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// CURLINFO_OS_ERRNO: the errno of the last failed connect or socket call.
    var osErrno: Int32 {
        var value = 0
        _ = bcd_easy_getinfo_long(raw, CURLINFO_OS_ERRNO, &value)
        return Int32(truncatingIfNeeded: value)
    }

    /// CURLINFO_TOTAL_TIME_T, in seconds.
    var totalTime: Double {
        var microseconds: curl_off_t = 0
        _ = bcd_easy_getinfo_offset(raw, CURLINFO_TOTAL_TIME_T, &microseconds)
        return Double(microseconds) / 1_000_000
    }

    /// CURLINFO_NUM_CONNECTS: how many new connections this transfer opened (0 when it reused one).
    var newConnections: Int {
        var count = 0
        _ = bcd_easy_getinfo_long(raw, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    private func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw TransportError(.invalidRequest, "curl rejected an option: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
