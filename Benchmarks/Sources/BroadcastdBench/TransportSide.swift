import Delivery
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `HTTPTransport` alone, fed the way the dispatch loop feeds it: the same
/// URLs as the bare loop, `concurrency` in flight, refilled in one batch
/// (`start`) whenever a quarter of them have ended. Nothing is parsed or
/// recorded, so its ratio to `BareCurlMulti` is the transport's own cost;
/// the daemon's ratio adds the dispatcher and the outbox on top.
struct TransportSide {
    var concurrency: Int

    struct Result {
        var seconds: Double
        var completed: Int
        var failed: Int
        /// CPU seconds this process spent meanwhile (the transport's thread and the feeder).
        var cpuSeconds: Double
        var rate: Double { seconds > 0 ? Double(completed) / seconds : 0 }
    }

    func run(urls: [String]) async -> Result {
        let transport = HTTPTransport(configuration: .init(maxConnections: concurrency, defaultTimeout: .seconds(10)))
        let requests = urls.map { HTTPRequest(method: .get, url: $0) }
        let state = Mutex((inFlight: 0, completed: 0, failed: 0))
        let refill = NSCondition()
        let lowWater = concurrency - max(1, concurrency / 4)
        let cpuBefore = Self.processCPUSeconds()
        let started = ContinuousClock.now
        // The feeder blocks on a condition, as the daemon's loop sleeps until enough ended; off the cooperative pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                var next = 0
                while next < requests.count {
                    refill.lock()
                    while state.withLock({ $0.inFlight }) > lowWater { refill.wait() }
                    refill.unlock()
                    let count = min(concurrency - state.withLock { $0.inFlight }, requests.count - next)
                    state.withLock { $0.inFlight += count }
                    _ = transport.start(Array(requests[next..<(next + count)])) { _, result in
                        let inFlight = state.withLock { state in
                            state.inFlight -= 1
                            if case .success(let response) = result, (200..<300).contains(response.status) {
                                state.completed += 1
                            } else {
                                state.failed += 1
                            }
                            return state.inFlight
                        }
                        if inFlight == lowWater || inFlight == 0 {
                            refill.lock()
                            refill.signal()
                            refill.unlock()
                        }
                    }
                    next += count
                }
                refill.lock()
                while state.withLock({ $0.inFlight }) > 0 { refill.wait() }
                refill.unlock()
                done.resume()
            }.start()
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        let cpu = Self.processCPUSeconds() - cpuBefore
        await transport.shutdown()
        let (completed, failed) = state.withLock { ($0.completed, $0.failed) }
        return Result(seconds: seconds, completed: completed, failed: failed, cpuSeconds: cpu)
    }

    /// CPU seconds (user and system) of this whole process so far.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
