import CCurl

/// The libcurl multi handle that keeps every transfer of one `HTTPTransport`
/// in flight, and the connection cache they share.
///
/// Threading: all calls except `wakeup()` are made on the transfer loop's one
/// thread. We drive it with a thread blocking in `curl_multi_poll` and hand it
/// work with `curl_multi_wakeup`, rather than Foundation's socket and timer
/// callbacks on a queue: the loop is a dozen lines, teardown needs no socket
/// bookkeeping (no closesocket callback, no references to sockets curl may
/// have closed), and one thread measures as fast on loopback (about 25–30k
/// POST/s). `curl_multi_wakeup` is documented as callable from any thread,
/// which is why this type may be shared (`@unchecked Sendable`).
final class MultiHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer

    init() {
        // Only fails when out of memory, where there is nothing sensible to do.
        guard let raw = curl_multi_init() else { fatalError("curl_multi_init failed") }
        self.raw = raw
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// CURLMOPT_MAX_TOTAL_CONNECTIONS: transfers beyond this wait inside curl for a free connection.
    func set(maxTotalConnections: Int) {
        _ = bcd_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxTotalConnections)
    }

    /// CURLMOPT_MAXCONNECTS: how many idle connections the cache keeps open for reuse.
    func set(connectionCacheSize: Int) {
        _ = bcd_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, connectionCacheSize)
    }

    /// CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX: many streams on one HTTP/2 connection.
    func setMultiplexing() {
        _ = bcd_multi_setopt_long(raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    func add(_ easy: EasyHandle) throws(TransportError) {
        let code = curl_multi_add_handle(raw, easy.raw)
        guard code == CURLM_OK else {
            throw TransportError(.other, "curl_multi_add_handle: \(String(cString: curl_multi_strerror(code)))")
        }
    }

    func remove(_ easy: EasyHandle) {
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Lets curl move every transfer as far as it can without blocking.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
    }

    /// Calls `body` with the easy handle and result of each transfer that ended since the last call.
    func forEachCompleted(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            body(easy, message.pointee.data.result)
        }
    }

    /// Blocks until a socket is ready, curl's next timeout is due, `wakeup()` is called, or `timeoutMilliseconds` pass.
    func poll(timeoutMilliseconds: Int32) {
        var ready: Int32 = 0
        _ = curl_multi_poll(raw, nil, 0, timeoutMilliseconds, &ready)
    }

    /// Ends a `poll` early, from any thread.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }
}
