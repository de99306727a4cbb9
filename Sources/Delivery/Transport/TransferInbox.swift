import Synchronization

/// One `send` waiting for the transfer loop.
struct PendingTransfer: Sendable {
    var request: HTTPRequest
    var timeoutMilliseconds: Int
    var continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>

    func resume(_ result: Result<HTTPResponse, TransportError>) {
        continuation.resume(returning: result)
    }
}

/// Where callers on any thread leave transfers for the loop thread, and how
/// they ask it to stop. The loop is woken only when the inbox goes from empty
/// to non-empty: a wakeup that arrives while the loop is busy stays pending in
/// curl, so the next `poll` returns at once and the loop drains everything.
final class TransferInbox: Sendable {
    private struct State {
        var pending: [PendingTransfer] = []
        var stopping = false
        var exited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let multi: MultiHandle

    init(waking multi: MultiHandle) {
        self.multi = multi
    }

    /// False once the transport is stopping; the caller then fails the transfer itself.
    func submit(_ transfer: PendingTransfer) -> Bool {
        let shouldWake: Bool? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.pending.append(transfer)
            return state.pending.count == 1
        }
        guard let shouldWake else { return false }
        if shouldWake { multi.wakeup() }
        return true
    }

    func takeAll() -> (transfers: [PendingTransfer], stopping: Bool) {
        state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (state.pending, state.stopping)
        }
    }

    func stop() {
        state.withLock { $0.stopping = true }
        multi.wakeup()
    }

    /// Called by the loop as its last act; returns transfers that arrived too late to run.
    func markExited() -> [PendingTransfer] {
        let (leftovers, waiters) = state.withLock { state in
            state.exited = true
            defer {
                state.pending = []
                state.exitWaiters = []
            }
            return (state.pending, state.exitWaiters)
        }
        for waiter in waiters { waiter.resume() }
        return leftovers
    }

    func waitUntilExited() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyExited = state.withLock { state in
                if !state.exited { state.exitWaiters.append(waiter) }
                return state.exited
            }
            if alreadyExited { waiter.resume() }
        }
    }
}
