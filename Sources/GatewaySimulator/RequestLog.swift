import Synchronization

/// Every request and connection the simulator accepted, safe to read from any
/// thread while the server runs. In counting mode requests are counted, not kept.
public final class RequestLog: Sendable {
    private struct Waiter {
        var id: UInt64
        var count: Int
        var continuation: CheckedContinuation<[RecordedRequest]?, Never>
    }

    private struct State {
        var requests: [RecordedRequest] = []
        var requestCount = 0
        var connectionCount = 0
        var countsByPathPrefix: [String: Int] = [:]
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var requestCount: Int { state.withLock { $0.requestCount } }
    /// TCP connections accepted; fewer than `requestCount` when clients reuse connections.
    public var connectionCount: Int { state.withLock { $0.connectionCount } }
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }
    /// Requests per first path segment (`/cgi-bin`, `/wecom`, …), kept in counting
    /// mode too. Only the first segment: deeper ones can carry a bot's key.
    public var countsByPathPrefix: [String: Int] { state.withLock { $0.countsByPathPrefix } }

    /// `/wecom/bot/send?key=…` → `/wecom`; `/` and `` → `/`.
    public static func pathPrefix(of uri: Substring) -> String {
        let path = uri.prefix { $0 != "?" }
        let segment = path.dropFirst().prefix { $0 != "/" }
        return "/" + segment
    }

    /// Returns once at least `count` requests have arrived (without sleeping), with the recorded ones.
    public func waitForRequests(_ count: Int) async -> [RecordedRequest] {
        await waitForRequests(count, timeout: nil)!
    }

    /// The same, giving up after `timeout` (a bound for tests, not a way to wait): nil then.
    public func waitForRequests(_ count: Int, timeout: Duration?) async -> [RecordedRequest]? {
        await withCheckedContinuation { continuation in
            let (ready, id): ([RecordedRequest]?, UInt64) = state.withLock { state in
                guard state.requestCount < count else { return (state.requests, 0) }
                state.nextWaiterID += 1
                state.waiters.append(Waiter(id: state.nextWaiterID, count: count, continuation: continuation))
                return (nil, state.nextWaiterID)
            }
            if let ready {
                continuation.resume(returning: ready)
            } else if let timeout {
                Task {
                    try? await Task.sleep(for: timeout)
                    self.expire(id)
                }
            }
        }
    }

    private func expire(_ id: UInt64) {
        let expired = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        expired?.continuation.resume(returning: nil)
    }

    /// `request` is nil in counting mode.
    func record(_ request: RecordedRequest?, uri: Substring) {
        let prefix = Self.pathPrefix(of: uri)
        let (satisfied, requests) = state.withLock { state -> ([Waiter], [RecordedRequest]) in
            state.requestCount += 1
            state.countsByPathPrefix[prefix, default: 0] += 1
            if let request { state.requests.append(request) }
            guard !state.waiters.isEmpty else { return ([], []) }
            let count = state.requestCount
            let satisfied = state.waiters.filter { $0.count <= count }
            state.waiters.removeAll { $0.count <= count }
            return (satisfied, satisfied.isEmpty ? [] : state.requests)
        }
        for waiter in satisfied { waiter.continuation.resume(returning: requests) }
    }

    func recordConnection() {
        state.withLock { $0.connectionCount += 1 }
    }
}
