import CCurl

/// The libcurl multi handle that keeps every transfer of one `HTTPTransport`
/// in flight, the connection cache they share, and the epoll set that drives it.
///
/// Driven the way libcurl's `hiper.c`/`ephiperfifo.c` examples do it, with
/// `curl_multi_socket_action`: curl tells us through CURLMOPT_SOCKETFUNCTION
/// which sockets to watch and through CURLMOPT_TIMERFUNCTION when its next
/// timeout is due, and we hand it back exactly the socket that is ready.
/// `curl_multi_poll` plus `curl_multi_perform` cost O(transfers in flight) per
/// turn, in curl (every handle's sockets gathered, every handle visited) and
/// in the kernel (every descriptor polled); this costs O(ready sockets) plus
/// about two `epoll_ctl` calls per transfer. Measured (Benchmarks/RESULTS.md,
/// `bench ceiling`): the same CPU per send as the poll loop at 64 in flight,
/// about 15 % less at 256, where the daemon's summed `concurrency` can go.
///
/// Threading: all calls except `wakeup()` are made on the transfer loop's one
/// thread, and so are both callbacks (curl calls them only from inside
/// `curl_multi_*` calls). `wakeup()` writes an eventfd, which is safe from any
/// thread: that is why this type may be shared (`@unchecked Sendable`).
final class MultiHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    private let epoll: Int32
    private let wakeFD: Int32
    /// When curl wants `CURL_SOCKET_TIMEOUT` acted on, in monotonic nanoseconds; nil when it has no timer.
    private var timerDeadline: UInt64?
    private var readyFDs = [Int32](repeating: 0, count: 64)
    private var readyActions = [Int32](repeating: 0, count: 64)

    init() {
        // Both only fail when out of memory or descriptors, where there is nothing sensible to do.
        guard let raw = curl_multi_init() else { fatalError("curl_multi_init failed") }
        let epoll = bcd_epoll_create()
        let wakeFD = bcd_eventfd_create()
        guard epoll >= 0, wakeFD >= 0, bcd_epoll_watch(epoll, wakeFD, CURL_POLL_IN, 0) == 0 else {
            fatalError("epoll_create1/eventfd failed: out of file descriptors")
        }
        self.raw = raw
        self.epoll = epoll
        self.wakeFD = wakeFD
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = bcd_multi_setopt_socket_callback(raw) { _, socket, what, context, socketContext in
            let multi = Unmanaged<MultiHandle>.fromOpaque(context!).takeUnretainedValue()
            multi.watch(socket, what: what, known: socketContext != nil)
            return 0
        }
        _ = bcd_multi_setopt_pointer(raw, CURLMOPT_SOCKETDATA, context)
        _ = bcd_multi_setopt_timer_callback(raw) { _, milliseconds, context in
            let multi = Unmanaged<MultiHandle>.fromOpaque(context!).takeUnretainedValue()
            multi.timerDeadline = milliseconds < 0 ? nil : bcd_monotonic_nanoseconds() + UInt64(milliseconds) * 1_000_000
            return 0
        }
        _ = bcd_multi_setopt_pointer(raw, CURLMOPT_TIMERDATA, context)
    }

    deinit {
        // Cleanup closes cached connections and may still call the socket callback, so the epoll set outlives it.
        curl_multi_cleanup(raw)
        _ = bcd_close(epoll)
        _ = bcd_close(wakeFD)
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

    /// Adds a transfer; curl starts it from the zero-length timer this sets, in the next `wait`.
    func add(_ easy: EasyHandle) throws(TransportError) {
        let code = curl_multi_add_handle(raw, easy.raw)
        guard code == CURLM_OK else {
            throw TransportError(.other, "curl_multi_add_handle: \(String(cString: curl_multi_strerror(code)))")
        }
    }

    func remove(_ easy: EasyHandle) {
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Calls `body` with the easy handle and result of each transfer that ended since the last call.
    func forEachCompleted(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            body(easy, message.pointee.data.result)
        }
    }

    /// Blocks until a socket is ready, curl's timer is due, `wakeup()` is called, or
    /// `timeoutMilliseconds` pass; lets curl act on every ready socket and on its timer.
    func wait(timeoutMilliseconds: Int32) {
        var timeout = timeoutMilliseconds
        if let deadline = timerDeadline {
            let now = bcd_monotonic_nanoseconds()
            timeout = deadline <= now ? 0 : Int32(min(UInt64(timeout), (deadline - now + 999_999) / 1_000_000))
        }
        let count = Int(bcd_epoll_wait(epoll, &readyFDs, &readyActions, Int32(readyFDs.count), timeout))
        var running: Int32 = 0
        for index in 0..<max(count, 0) {
            let fd = readyFDs[index]
            if fd == wakeFD {
                bcd_eventfd_drain(wakeFD)
            } else {
                _ = curl_multi_socket_action(raw, fd, readyActions[index], &running)
            }
        }
        if let deadline = timerDeadline, deadline <= bcd_monotonic_nanoseconds() {
            // Cleared first: acting on the timeout usually sets the next one.
            timerDeadline = nil
            _ = curl_multi_socket_action(raw, CURL_SOCKET_TIMEOUT, 0, &running)
        }
    }

    /// Ends a `wait` early, from any thread.
    func wakeup() {
        bcd_eventfd_signal(wakeFD)
    }

    /// CURLMOPT_SOCKETFUNCTION's work. Marks each watched socket through
    /// `curl_multi_assign` (as hiper.c does), so later changes are one EPOLL_CTL_MOD;
    /// curl forgets the mark itself when it stops using the socket.
    private func watch(_ socket: curl_socket_t, what: Int32, known: Bool) {
        let failure = bcd_epoll_watch(epoll, socket, what, known ? 1 : 0)
        if what != CURL_POLL_REMOVE && !known && failure == 0 {
            _ = curl_multi_assign(raw, socket, UnsafeMutableRawPointer(bitPattern: 1))
        }
        // A failure (out of memory for the epoll set) leaves the transfer to curl's own timeout.
    }
}
