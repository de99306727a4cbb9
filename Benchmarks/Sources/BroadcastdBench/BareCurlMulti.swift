import CCurl
import Foundation

/// The true ceiling for anything that sends through libcurl: one thread, one
/// multi handle, `concurrency` easy handles re-armed with the next URL as each
/// transfer ends, bodies thrown away. No Swift concurrency, no outbox, no
/// dialect: what is left is libcurl and the kernel. The URLs are built before
/// the clock starts, so building them costs the baseline nothing.
struct BareCurlMulti {
    var concurrency: Int

    struct Result {
        var seconds: Double
        var completed: Int
        /// Transfers that ended in a curl error or a status other than 2xx.
        var failed: Int
        var rate: Double { seconds > 0 ? Double(completed) / seconds : 0 }
    }

    private static let discard: bcd_data_callback = { _, size, count, _ in size * count }
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    func run(urls: [String]) -> Result {
        _ = Self.globalInit
        guard let multi = curl_multi_init() else { return Result(seconds: 0, completed: 0, failed: urls.count) }
        defer { curl_multi_cleanup(multi) }
        _ = bcd_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, concurrency)
        let handles = (0..<min(concurrency, urls.count)).compactMap { _ in curl_easy_init() }
        defer { handles.forEach { curl_easy_cleanup($0) } }
        for handle in handles {
            _ = bcd_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = bcd_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, 10_000)
            _ = bcd_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Self.discard)
        }

        let started = ContinuousClock.now
        var next = 0
        var completed = 0
        var failed = 0
        func arm(_ handle: UnsafeMutableRawPointer) {
            _ = urls[next].withCString { bcd_easy_setopt_pointer(handle, CURLOPT_URL, $0) }
            next += 1
            _ = curl_multi_add_handle(multi, handle)
        }
        handles.forEach(arm)
        var running: Int32 = 0
        while completed + failed < urls.count {
            _ = curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var status = 0
                _ = bcd_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
                if message.pointee.data.result == CURLE_OK && (200..<300).contains(status) { completed += 1 } else { failed += 1 }
                _ = curl_multi_remove_handle(multi, easy)
                if next < urls.count { arm(easy) }
            }
            if completed + failed < urls.count {
                var ready: Int32 = 0
                _ = curl_multi_poll(multi, nil, 0, 1000, &ready)
            }
        }
        return Result(seconds: (ContinuousClock.now - started).inSeconds, completed: completed, failed: failed)
    }
}
